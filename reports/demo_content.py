"""Demo content for `manage.py load_demo`.

The facts (summits, dates, session titles, speakers, projects) come from five public trip reports;
every sentence here is our own. The people who write the reports are fictional demo authors.
"""

from datetime import UTC, date, datetime, time

SUMMITS = [
    {
        "slug": "hong-kong-2013",
        "name": "OpenStack Summit Hong Kong 2013",
        "city": "Hong Kong",
        "country": "China",
        "start_date": date(2013, 11, 5),
        "end_date": date(2013, 11, 8),
        "website": "https://www.openstack.org/summit/openstack-summit-hong-kong-2013/",
        "description": "The Icehouse design summit, held at AsiaWorld-Expo: general sessions for "
        "everyone and design sessions where developers planned the next release around an etherpad.",
    },
    {
        "slug": "tokyo-2015",
        "name": "OpenStack Summit Tokyo 2015",
        "city": "Tokyo",
        "country": "Japan",
        "start_date": date(2015, 10, 27),
        "end_date": date(2015, 10, 30),
        "website": "https://www.openstack.org/summit/tokyo-2015/",
        "description": "The Liberty release summit, with more than five thousand attendees from "
        "56 countries and the first talk of an administrator certification.",
    },
    {
        "slug": "boston-2017",
        "name": "OpenStack Summit Boston 2017",
        "city": "Boston",
        "country": "United States",
        "start_date": date(2017, 5, 8),
        "end_date": date(2017, 5, 11),
        "website": "https://www.openstack.org/summit/boston-2017/",
        "description": "The first summit with the Forum in place of the design summit, now that "
        "developers meet at the Project Team Gathering. Kubernetes and edge computing everywhere.",
    },
    {
        "slug": "sydney-2017",
        "name": "OpenStack Summit Sydney 2017",
        "city": "Sydney",
        "country": "Australia",
        "start_date": date(2017, 11, 6),
        "end_date": date(2017, 11, 8),
        "website": "https://www.openstack.org/summit/sydney-2017/",
        "description": "Three days at the International Convention Centre: Ceph everywhere, "
        "OpenStack and Kubernetes layered on each other, and Zuul v3 offered to the wider world.",
    },
    {
        "slug": "vancouver-2018",
        "name": "OpenStack Summit Vancouver 2018",
        "city": "Vancouver",
        "country": "Canada",
        "start_date": date(2018, 5, 21),
        "end_date": date(2018, 5, 24),
        "website": "https://www.openstack.org/summit/vancouver-2018/",
        "description": "The spring 2018 summit, where the Foundation widened its scope to open infrastructure.",
    },
]

TRACKS = [
    ("Keynotes", "keynotes", "The morning general sessions on the main stage."),
    ("Storage", "storage", "Block, file and object storage: Cinder, Manila, Swift, Ceph and friends."),
    ("Networking", "networking", "Neutron, SDN controllers, routing and everything on the wire."),
    ("NFV/Telecom", "nfv-telecom", "Network function virtualisation and what telecoms run on OpenStack."),
    ("High Availability", "high-availability", "Keeping the control plane and the workloads up."),
    ("Deployment", "deployment", "Installing, upgrading and operating OpenStack: tools and lessons."),
    ("Containers", "containers", "Kubernetes, OpenShift and containers on, under and beside OpenStack."),
    ("Operations at Scale", "operations-at-scale", "Running large clouds: message queues, databases, cells."),
    ("Forum", "forum", "Fishbowls and working sessions where operators and developers decide together."),
    ("Community", "community", "How the project works: governance, contributors, certification."),
    ("Edge Computing", "edge-computing", "Many small clouds far from the data centre."),
    ("Evening Events", "evening-events", "Parties, user groups and everything after the last session."),
]

PROJECTS = [
    ("Nova", "nova", "https://docs.openstack.org/nova/", "OpenStack's compute service."),
    ("Neutron", "neutron", "https://docs.openstack.org/neutron/", "OpenStack's networking service."),
    ("Cinder", "cinder", "https://docs.openstack.org/cinder/", "OpenStack's block storage service."),
    ("Glance", "glance", "https://docs.openstack.org/glance/", "OpenStack's image service."),
    ("Manila", "manila", "https://docs.openstack.org/manila/", "Shared file systems as a service."),
    ("Ironic", "ironic", "https://docs.openstack.org/ironic/", "Bare metal provisioning."),
    ("Heat", "heat", "https://docs.openstack.org/heat/", "Orchestration from templates."),
    ("Barbican", "barbican", "https://docs.openstack.org/barbican/", "Key and secret management."),
    (
        "oslo.messaging",
        "oslo-messaging",
        "https://docs.openstack.org/oslo.messaging/",
        "The RPC and notification library every service talks through.",
    ),
    ("TripleO", "tripleo", "https://docs.openstack.org/tripleo-docs/", "OpenStack deployed by OpenStack."),
    (
        "OpenStack-Helm",
        "openstack-helm",
        "https://docs.openstack.org/openstack-helm/",
        "Helm charts that run the OpenStack control plane on Kubernetes.",
    ),
    (
        "OpenStack-Ansible",
        "openstack-ansible",
        "https://docs.openstack.org/openstack-ansible/",
        "Ansible playbooks that deploy OpenStack into LXC containers.",
    ),
    ("Zuul", "zuul", "https://zuul-ci.org/", "The project gating CI system."),
    ("Ceph", "ceph", "https://ceph.io/", "Distributed object, block and file storage."),
    ("Kubernetes", "kubernetes", "https://kubernetes.io/", "Container orchestration."),
    ("OpenShift", "openshift", "https://www.openshift.com/", "Red Hat's Kubernetes distribution."),
    ("Kuryr", "kuryr", "https://docs.openstack.org/kuryr-kubernetes/", "Neutron networking for containers."),
    (
        "OpenContrail",
        "opencontrail",
        "https://github.com/Juniper/contrail-controller",
        "Juniper's open source SDN controller and vRouter.",
    ),
    ("OpenDaylight", "opendaylight", "https://www.opendaylight.org/", "An open source SDN controller."),
    ("ONAP", "onap", "https://www.onap.org/", "Open Network Automation Platform, born from AT&T's ECOMP."),
    ("Calico", "calico", "https://www.projectcalico.org/", "Layer 3 networking for containers and VMs."),
    ("OVN", "ovn", "https://www.ovn.org/", "Open Virtual Network, built on Open vSwitch."),
    ("Open vSwitch", "open-vswitch", "https://www.openvswitch.org/", "A programmable virtual switch."),
    ("RabbitMQ", "rabbitmq", "https://www.rabbitmq.com/", "The message broker most clouds run."),
    ("Pacemaker", "pacemaker", "https://clusterlabs.org/", "Cluster resource manager."),
    ("Galera", "galera", "https://galeracluster.com/", "Synchronous multi-master replication for MySQL."),
    ("GlusterFS", "glusterfs", "https://www.gluster.org/", "A scale-out network file system."),
    ("Sheepdog", "sheepdog", "https://sheepdog.github.io/sheepdog/", "Distributed block storage for QEMU."),
    ("Crowbar", "crowbar", "https://github.com/crowbar", "A bare metal deployment framework."),
    (
        "Chef OpenStack",
        "chef-openstack",
        "https://docs.openstack.org/openstack-chef/",
        "Chef cookbooks that deploy OpenStack.",
    ),
    ("etcd", "etcd", "https://etcd.io/", "A distributed key-value store."),
]

# Demo accounts. README lists them; the passwords are for a local demo only.
ACCOUNTS = [
    {"username": "editor", "password": "demo-editor-pass", "group": "Editor", "author": "elena-marsh"},
    {"username": "priya", "password": "demo-priya-pass", "group": "Contributor", "author": "priya-natarajan"},
    {"username": "owen", "password": "demo-owen-pass", "group": "Contributor", "author": "owen-calloway"},
]

AUTHORS = [
    {
        "slug": "elena-marsh",
        "display_name": "Elena Marsh",
        "affiliation": "summitblog editorial team",
        "handle": "@emarsh",
        "website": "",
        "bio": "Edits the site and chases everyone for their write-ups before the next summit starts.",
    },
    {
        "slug": "priya-natarajan",
        "display_name": "Priya Natarajan",
        "affiliation": "Network cloud engineering",
        "handle": "@priya_nfv",
        "website": "",
        "bio": "Builds OpenStack clouds for network functions and chairs an operators' working "
        "group on telecom use cases. Happiest when a packet goes where it was told.",
    },
    {
        "slug": "owen-calloway",
        "display_name": "Owen Calloway",
        "affiliation": "Platform operations",
        "handle": "owenc on IRC",
        "website": "",
        "bio": "Runs private clouds, maintains deployment cookbooks, and has opinions about "
        "RabbitMQ that he will share whether or not you ask.",
    },
    {
        "slug": "jonas-brandt",
        "display_name": "Jonas Brandt",
        "affiliation": "Network architecture",
        "handle": "",
        "website": "",
        "bio": "A routing and switching person who wandered into cloud and stayed for the Linux networking.",
    },
    {
        "slug": "kit-moreland",
        "display_name": "Kit Moreland",
        "affiliation": "Cloud engineering",
        "handle": "",
        "website": "",
        "bio": "Has spent years on high availability clusters and storage, and still owns the t-shirt to prove it.",
    },
    {
        "slug": "sanne-vos",
        "display_name": "Sanne Vos",
        "affiliation": "Cloud engineering",
        "handle": "",
        "website": "",
        "bio": "Works on deployment tooling and bare metal provisioning.",
    },
    {
        "slug": "dara-quinn",
        "display_name": "Dara Quinn",
        "affiliation": "Infrastructure foundations",
        "handle": "dquinn on IRC",
        "website": "",
        "bio": "Looks after storage and networking for a research cloud; collects benchmark lies.",
    },
]

# Pictures drawn by the loader with Pillow (no binary files in the repository).
IMAGES = [
    {
        "key": "fenway-evening",
        "alt_text": "A stylised ballpark scoreboard reading OpenContrail User Group, Fenway Park",
        "title": "Fenway Park",
        "subtitle": "OpenContrail User Group · Boston 2017",
        "colors": ("#0c3b2e", "#2f6f4f"),
    },
    {
        "key": "harbour-bridge",
        "alt_text": "A stylised harbour at dusk with the words Sydney 2017",
        "title": "Sydney 2017",
        "subtitle": "Storage and networking notes",
        "colors": ("#1b2a4a", "#c1553b"),
    },
    {
        "key": "cells-v2",
        "alt_text": "Diagram: an API layer above three cells, each with its own database, queue and compute nodes",
        "title": "Cells v2",
        "subtitle": "API · cell0 · cell1 · cell2",
        "colors": ("#283044", "#3c6e71"),
    },
]


def at(year, month, day, hour=9, minute=0):
    return datetime(year, month, day, hour, minute, tzinfo=UTC)


SESSIONS = {
    "hong-kong-2013": [
        {
            "slug": "design-summit-101",
            "title": "Design Summit 101",
            "kind": "design",
            "track": "community",
            "projects": [],
            "speakers": [],
            "day": date(2013, 11, 5),
            "start_time": time(11, 15),
        },
        {
            "slug": "tripleo-ha-production-configuration",
            "title": "TripleO: HA/Production Configuration",
            "kind": "design",
            "track": "deployment",
            "projects": ["tripleo", "pacemaker"],
            "speakers": [],
            "day": date(2013, 11, 6),
            "start_time": time(9, 0),
        },
        {
            "slug": "evaluation-of-deployment-frameworks",
            "title": "An Evaluation of OpenStack Deployment Frameworks",
            "kind": "breakout",
            "track": "deployment",
            "projects": ["crowbar"],
            "speakers": ["Symantec cloud team"],
            "day": date(2013, 11, 6),
            "start_time": time(13, 50),
        },
        {
            "slug": "bare-metal-provisioning-service",
            "title": "OpenStack's Bare Metal Provisioning Service",
            "kind": "breakout",
            "track": "deployment",
            "projects": ["ironic"],
            "speakers": [],
            "day": date(2013, 11, 7),
            "start_time": time(11, 0),
        },
        {
            "slug": "ironic-hardware-management-ramdisk",
            "title": "Ironic: Hardware Management Ramdisk",
            "kind": "design",
            "track": "deployment",
            "projects": ["ironic"],
            "speakers": [],
            "day": date(2013, 11, 7),
            "start_time": time(14, 0),
            "etherpad_url": "https://etherpad.openstack.org/p/IcehouseIronicRamdisk",
        },
        {
            "slug": "ha-update-havana-and-icehouse",
            "title": "High Availability Update: Havana and Icehouse",
            "kind": "breakout",
            "track": "high-availability",
            "projects": ["pacemaker", "galera", "rabbitmq", "ceph", "neutron"],
            "speakers": ["Florian Haas", "Syed Armani"],
            "day": date(2013, 11, 7),
            "start_time": time(15, 40),
            "video_url": "https://www.youtube.com/watch?v=demo-ha-havana",
        },
        {
            "slug": "ha-private-cloud-lessons",
            "title": "Practical Lessons from Building a Highly Available OpenStack Private Cloud",
            "kind": "breakout",
            "track": "high-availability",
            "projects": ["ceph", "pacemaker"],
            "speakers": [],
            "day": date(2013, 11, 6),
            "start_time": time(11, 0),
        },
        {
            "slug": "encrypted-block-storage",
            "title": "Encrypted Block Storage: Technical Walkthrough",
            "kind": "breakout",
            "track": "storage",
            "projects": ["cinder", "nova", "barbican"],
            "speakers": [],
            "day": date(2013, 11, 8),
            "start_time": time(9, 50),
        },
        {
            "slug": "ceph-de-facto-storage-backend",
            "title": "Ceph: The De Facto Storage Backend for OpenStack",
            "kind": "breakout",
            "track": "storage",
            "projects": ["ceph", "glance", "cinder"],
            "speakers": [],
            "day": date(2013, 11, 8),
            "start_time": time(11, 0),
        },
        {
            "slug": "sheepdog-all-in-one-storage",
            "title": "Sheepdog: Yet Another All-In-One Storage for OpenStack",
            "kind": "breakout",
            "track": "storage",
            "projects": ["sheepdog"],
            "speakers": [],
            "day": date(2013, 11, 8),
            "start_time": time(13, 30),
        },
        {
            "slug": "culture-code-community-conway",
            "title": "Culture, Code, Community and Conway",
            "kind": "breakout",
            "track": "community",
            "projects": [],
            "speakers": ["Joshua McKenty"],
            "day": date(2013, 11, 8),
            "start_time": time(16, 30),
        },
    ],
    "tokyo-2015": [
        {
            "slug": "tuesday-keynotes",
            "title": "Tuesday Keynotes",
            "kind": "keynote",
            "track": "keynotes",
            "projects": ["kubernetes"],
            "speakers": [
                "Egle Sigler",
                "Lachlan Evenson",
                "Takuya Ito",
                "Erica Brescia",
                "Imad Sousou",
                "Jonathan Bryce",
            ],
            "day": date(2015, 10, 27),
            "start_time": time(9, 0),
            "video_url": "https://www.openstack.org/videos/tokyo-2015/tuesday-keynotes",
        },
        {
            "slug": "deploying-with-openstack-ansible",
            "title": "Deploying OpenStack with OpenStack-Ansible",
            "kind": "breakout",
            "track": "deployment",
            "projects": ["openstack-ansible"],
            "speakers": ["Miguel Grinberg"],
            "day": date(2015, 10, 27),
            "start_time": time(11, 15),
        },
        {
            "slug": "bgp-in-neutron",
            "title": "Using BGP in Neutron",
            "kind": "breakout",
            "track": "networking",
            "projects": ["neutron", "calico"],
            "speakers": [],
            "day": date(2015, 10, 27),
            "start_time": time(14, 0),
        },
        {
            "slug": "troubleshooting-neutron",
            "title": "Troubleshooting Neutron",
            "kind": "breakout",
            "track": "networking",
            "projects": ["neutron", "open-vswitch"],
            "speakers": [],
            "day": date(2015, 10, 27),
            "start_time": time(15, 40),
        },
    ],
    "boston-2017": [
        {
            "slug": "future-of-configuration-management",
            "title": "The Future of Configuration Management",
            "kind": "forum",
            "track": "forum",
            "projects": ["etcd", "nova"],
            "speakers": [],
            "day": date(2017, 5, 8),
            "start_time": time(15, 0),
        },
        {
            "slug": "tess-master-on-openstack",
            "title": "Tess Master in an OpenStack Cloud",
            "kind": "breakout",
            "track": "containers",
            "projects": ["kubernetes"],
            "speakers": ["eBay cloud team"],
            "day": date(2017, 5, 9),
            "start_time": time(11, 0),
        },
        {
            "slug": "contrail-vrouter-smartnic",
            "title": "Offloading the OpenContrail vRouter to a SmartNIC",
            "kind": "breakout",
            "track": "networking",
            "projects": ["opencontrail"],
            "speakers": [],
            "day": date(2017, 5, 9),
            "start_time": time(14, 20),
        },
        {
            "slug": "stackcity-fenway",
            "title": "StackCity at Fenway Park",
            "kind": "evening",
            "track": "evening-events",
            "projects": [],
            "speakers": [],
            "day": date(2017, 5, 9),
            "start_time": time(19, 0),
        },
        {
            "slug": "immutable-control-plane-paddy-power-betfair",
            "title": "Immutable OpenStack: a Containerised Control Plane at Paddy Power Betfair",
            "kind": "breakout",
            "track": "deployment",
            "projects": ["kubernetes"],
            "speakers": ["Paddy Power Betfair"],
            "day": date(2017, 5, 10),
            "start_time": time(9, 0),
        },
        {
            "slug": "oslo-messaging-rabbitmq-stability",
            "title": "Keeping RabbitMQ Stable with oslo.messaging",
            "kind": "breakout",
            "track": "operations-at-scale",
            "projects": ["oslo-messaging", "rabbitmq"],
            "speakers": [],
            "day": date(2017, 5, 10),
            "start_time": time(9, 50),
        },
        {
            "slug": "scaling-to-5000-nodes",
            "title": "Scaling Vanilla OpenStack to 5,000 Nodes and Beyond",
            "kind": "breakout",
            "track": "operations-at-scale",
            "projects": ["rabbitmq", "nova"],
            "speakers": ["Georgy (Mirantis)"],
            "day": date(2017, 5, 10),
            "start_time": time(11, 50),
        },
        {
            "slug": "being-a-ptl-panel",
            "title": "So You Want to Be a PTL?",
            "kind": "panel",
            "track": "community",
            "projects": [],
            "speakers": [],
            "day": date(2017, 5, 10),
            "start_time": time(13, 50),
        },
        {
            "slug": "hadoop-with-heat",
            "title": "Orchestrating Hadoop on OpenStack with Heat",
            "kind": "breakout",
            "track": "deployment",
            "projects": ["heat"],
            "speakers": [],
            "day": date(2017, 5, 10),
            "start_time": time(16, 0),
        },
        {
            "slug": "opencontrail-user-group",
            "title": "OpenContrail User Group at Fenway",
            "kind": "evening",
            "track": "evening-events",
            "projects": ["opencontrail"],
            "speakers": ["Randy Bias"],
            "day": date(2017, 5, 10),
            "start_time": time(19, 0),
        },
        {
            "slug": "ha-fishbowl",
            "title": "High Availability of OpenStack: Operators' Fishbowl",
            "kind": "forum",
            "track": "forum",
            "projects": ["rabbitmq", "galera"],
            "speakers": [],
            "day": date(2017, 5, 11),
            "start_time": time(9, 0),
            "etherpad_url": "https://etherpad.openstack.org/p/BOS-forum-ha",
        },
        {
            "slug": "coa-exam-panel",
            "title": "The Certified OpenStack Administrator Exam",
            "kind": "panel",
            "track": "community",
            "projects": [],
            "speakers": [],
            "day": date(2017, 5, 11),
            "start_time": time(15, 30),
        },
        {
            "slug": "openstack-helm",
            "title": "OpenStack-Helm: the Control Plane on Kubernetes",
            "kind": "breakout",
            "track": "containers",
            "projects": ["openstack-helm", "kubernetes", "calico"],
            "speakers": ["AT&T Integrated Cloud team"],
            "day": date(2017, 5, 9),
            "start_time": time(11, 50),
        },
        {
            "slug": "nirvana-stack",
            "title": "The Nirvana Stack: OpenStack with Open Source SDN",
            "kind": "breakout",
            "track": "nfv-telecom",
            "projects": ["opendaylight", "neutron"],
            "speakers": ["OPNFV community"],
            "day": date(2017, 5, 8),
            "start_time": time(13, 30),
        },
        {
            "slug": "onap-from-ecomp",
            "title": "ONAP: from ECOMP to an Open Platform",
            "kind": "breakout",
            "track": "nfv-telecom",
            "projects": ["onap", "heat"],
            "speakers": ["AT&T"],
            "day": date(2017, 5, 9),
            "start_time": time(15, 30),
        },
        {
            "slug": "massively-distributed-bof",
            "title": "Massively Distributed Clouds",
            "kind": "bof",
            "track": "edge-computing",
            "projects": ["nova", "ironic"],
            "speakers": [],
            "day": date(2017, 5, 10),
            "start_time": time(14, 40),
            "etherpad_url": "https://etherpad.openstack.org/p/BOS-massively-distributed",
        },
        {
            "slug": "telecom-nfv-working-group",
            "title": "OpenStack Operators Telecom/NFV Working Group",
            "kind": "forum",
            "track": "forum",
            "projects": [],
            "speakers": [],
            "day": date(2017, 5, 9),
            "start_time": time(11, 50),
            "etherpad_url": "https://etherpad.openstack.org/p/BOS-ops-telecom-nfv",
        },
    ],
    "sydney-2017": [
        {
            "slug": "monday-keynotes",
            "title": "Monday Keynotes",
            "kind": "keynote",
            "track": "keynotes",
            "projects": ["openstack-helm", "ironic", "zuul", "kubernetes"],
            "speakers": ["Allison Randal"],
            "day": date(2017, 11, 6),
            "start_time": time(9, 0),
        },
        {
            "slug": "openstack-passports",
            "title": "OpenStack Passports",
            "kind": "breakout",
            "track": "community",
            "projects": [],
            "speakers": [],
            "day": date(2017, 11, 6),
            "start_time": time(11, 30),
        },
        {
            "slug": "cephfs-now-fully-awesome",
            "title": "CephFS Now Fully Awesome",
            "kind": "breakout",
            "track": "storage",
            "projects": ["manila", "ceph"],
            "speakers": [],
            "day": date(2017, 11, 6),
            "start_time": time(13, 40),
        },
        {
            "slug": "status-of-ceph-file-system",
            "title": "Overview and Status of the Ceph File System",
            "kind": "breakout",
            "track": "storage",
            "projects": ["ceph", "manila", "cinder", "glance", "nova"],
            "speakers": [],
            "day": date(2017, 11, 6),
            "start_time": time(15, 20),
        },
        {
            "slug": "how-does-neutron-do-that",
            "title": "How Does Neutron Do That?",
            "kind": "lab",
            "track": "networking",
            "projects": ["neutron"],
            "speakers": ["Rackspace training"],
            "day": date(2017, 11, 7),
            "start_time": time(9, 0),
        },
        {
            "slug": "dos-and-donts-ceph-openstack",
            "title": "Dos and Don'ts of Ceph and OpenStack",
            "kind": "breakout",
            "track": "storage",
            "projects": ["ceph", "cinder"],
            "speakers": [],
            "day": date(2017, 11, 7),
            "start_time": time(11, 0),
        },
        {
            "slug": "kubernetes-on-openstack",
            "title": "Kubernetes on OpenStack",
            "kind": "breakout",
            "track": "containers",
            "projects": ["kubernetes", "neutron"],
            "speakers": [],
            "day": date(2017, 11, 7),
            "start_time": time(13, 30),
        },
        {
            "slug": "neutron-to-neutron-routing",
            "title": "Neutron to Neutron Routing",
            "kind": "breakout",
            "track": "networking",
            "projects": ["neutron"],
            "speakers": [],
            "day": date(2017, 11, 7),
            "start_time": time(14, 30),
            "slides_url": "https://docs.openstack.org/networking-bgpvpn/latest/",
        },
        {
            "slug": "inside-neutron-routing",
            "title": "Inside Neutron Routing Architectures",
            "kind": "breakout",
            "track": "networking",
            "projects": ["neutron", "ovn", "opendaylight", "opencontrail"],
            "speakers": [],
            "day": date(2017, 11, 7),
            "start_time": time(16, 0),
        },
        {
            "slug": "make-storage-vendors-squirm",
            "title": "Questions to Make Storage Vendors Squirm",
            "kind": "breakout",
            "track": "storage",
            "projects": [],
            "speakers": [],
            "day": date(2017, 11, 8),
            "start_time": time(9, 30),
        },
        {
            "slug": "openshift-on-openstack",
            "title": "Running OpenShift on OpenStack",
            "kind": "breakout",
            "track": "containers",
            "projects": ["openshift", "kuryr", "kubernetes"],
            "speakers": ["Red Hat", "Boston University"],
            "day": date(2017, 11, 8),
            "start_time": time(11, 0),
        },
        {
            "slug": "move-to-cells-v2",
            "title": "Move to Cells v2",
            "kind": "breakout",
            "track": "operations-at-scale",
            "projects": ["nova", "rabbitmq"],
            "speakers": [],
            "day": date(2017, 11, 8),
            "start_time": time(13, 30),
        },
    ],
    "vancouver-2018": [
        {
            "slug": "edge-computing-keynote",
            "title": "Edge Computing Keynote",
            "kind": "keynote",
            "track": "keynotes",
            "projects": [],
            "speakers": [],
            "day": date(2018, 5, 21),
            "start_time": time(9, 0),
        },
    ],
}

REPORTS = [
    {
        "slug": "boston-2017-four-days-of-kubernetes",
        "summit": "boston-2017",
        "title": "Boston 2017, day by day: four days of Kubernetes",
        "summary": "An operator's week at the Boston summit: containers under the control plane, "
        "RabbitMQ survival tips, two nights at Fenway and a panel about the administrator exam.",
        "authors": ["owen-calloway"],
        "tags": ["kubernetes", "containers", "scaling", "rabbitmq", "certification", "opencontrail"],
        "status": "published",
        "publish_at": at(2017, 5, 13, 18),
        "cover": "fenway-evening",
        "cover_caption": "Wednesday night's user group took over a corner of Fenway Park.",
        "introduction": """
This was my week at the Boston summit. I skipped retelling the keynotes: the recordings are
online and worth an evening. What follows is a diary of the sessions I sat in, in order.

If one word summed up the week it was **Kubernetes**. Edge computing came a close second, and
interoperability got its usual polite mention, but nearly every room I walked into ended up
talking about containers.[^video]

[^video]: Keynote recordings are on the Foundation's video site, listed under Boston 2017.
""",
        "takeaways": """
What I am taking home to the team:

1. Kubernetes is where the community has settled. Expect it under, beside and on top of OpenStack.
2. If the control plane is not in containers yet, start planning for it.
3. Chef OpenStack is alive: the user survey still puts it among the top deployment choices.
4. The administrator exam rewards people who run real clouds, not people who memorise. Practise
   on a fresh DevStack before you book it.

| Day | Sessions attended | Steps walked |
|-----|-------------------|--------------|
| Mon | 1 | 14,200 |
| Tue | 3 | 17,900 |
| Wed | 5 | 21,300 |
| Thu | 4 | 12,600 |
""",
        "writeups": [
            {
                "session": "future-of-configuration-management",
                "tags": ["etcd", "configuration"],
                "body": """
Monday afternoon's Forum slot was about configuration files like `/etc/nova/nova.conf`, not about
any one configuration tool. The room spent most of its time on where those values should live in
the future, and by the end etcd was the clear favourite as a shared store.

It was a good first session: loud, friendly and full of people who have been bitten by
configuration drift.
""",
            },
            {
                "session": "tess-master-on-openstack",
                "tags": ["kubernetes"],
                "body": """
eBay's team showed how Tess Master fits into a cloud built on OpenStack. Once again the story
leaned heavily on Kubernetes; the criticism in the room was about Kubernetes' rough edges, never
about whether to use it.
""",
            },
            {
                "session": "contrail-vrouter-smartnic",
                "tags": ["sdn", "performance"],
                "body": """
A good technical talk about moving the OpenContrail vRouter's packet processing onto a
programmable NIC. The numbers were impressive, and the reasons the host CPU is a bottleneck were
explained clearly.
""",
            },
            {
                "session": "stackcity-fenway",
                "tags": ["social"],
                "body": """
StackCity came back, this time at Fenway Park, complete with bag checks and queues like a real
game day. No baseball, though. Plenty of group photos.
""",
            },
            {
                "session": "oslo-messaging-rabbitmq-stability",
                "tags": ["rabbitmq", "scaling"],
                "body": """
How to use oslo.messaging settings to keep RabbitMQ from falling over. ZeroMQ came up as an
alternative driver for people who want to drop the broker altogether.

```ini
[oslo_messaging_rabbit]
rabbit_ha_queues = false
heartbeat_timeout_threshold = 60
```
""",
            },
            {
                "session": "scaling-to-5000-nodes",
                "tags": ["scaling", "rabbitmq"],
                "body": """
Georgy from Mirantis walked through what breaks as an unmodified deployment grows towards five
thousand nodes. The earlier talk about growing a 22-node cloud to a hundred had been cancelled
when its speakers did not turn up, so this one was well attended.

The two services to protect were the same as always: the MySQL database and RabbitMQ. Opinions
in the room differed on which protections to apply, and when not to bother.
""",
            },
            {
                "session": "being-a-ptl-panel",
                "tags": ["community"],
                "body": """
A panel of current and former project team leads. My own time as a PTL turned out to be fairly
ordinary, apart from the part where most of the team was reassigned in one go.
""",
            },
            {
                "session": "opencontrail-user-group",
                "tags": ["opencontrail", "sdn", "social"],
                "body": """
Back to Fenway on Wednesday for the OpenContrail user group: a smaller dinner with beer, pizza
and ballpark food. The message from the stage was that the open source community around
OpenContrail is getting a fresh start, with several companies presenting how they use it.
""",
            },
            {
                "session": "ha-fishbowl",
                "tags": ["high-availability"],
                "body": """
Thursday began with a fishbowl on high availability, led by people running far bigger clouds
than mine. The pain points they listed had little to do with any particular tool, which was
reassuring. A second fishbowl on resilience beyond a thousand nodes followed; it was mostly one
experienced operator answering questions.
""",
            },
            {
                "session": "coa-exam-panel",
                "tags": ["certification"],
                "body": """
Why take the Certified OpenStack Administrator exam? Because it tests whether you can solve
problems on a live system under time pressure. The older your production clouds, the more you
will need to refresh against current releases first.
""",
            },
        ],
    },
    {
        "slug": "nfv-at-boston-2017",
        "summit": "boston-2017",
        "title": "NFV at the Boston summit: Helm, ONAP and the edge",
        "summary": "Telecoms arrived in force: AT&T's OpenStack-Helm and ONAP, an open SDN reference "
        "stack, a reboot for OpenContrail and a week of arguing about what 'massively distributed' means.",
        "authors": ["priya-natarajan"],
        "tags": ["nfv", "telecom", "openstack-helm", "onap", "sdn", "edge", "forum"],
        "status": "published",
        "publish_at": at(2017, 5, 19, 8),
        "introduction": """
I work on network function virtualisation, so this report is about what telecoms did in Boston.
A short version: one large carrier sent about a hundred people, and another is leading one of the
most interesting deployment projects in the ecosystem.

I also co-presented a session on multi-site clouds and spent time with a group of fellow
Canadians, who now have their own chat channel.
""",
        "takeaways": """
The big carriers are now writing and releasing open source code, not just buying it. Smaller
operators still mostly negotiate with vendors. My advice to all of them is the same: **invest in
people**.

If carriers get this right, NFV could become the largest OpenStack use case, simply because of
how many small clouds they will run. Next stop: the operators' meetup in Mexico City, then Sydney.
""",
        "writeups": [
            {
                "session": "openstack-helm",
                "tags": ["openstack-helm", "kubernetes", "containers"],
                "body": """
Before Boston I doubted that an OpenStack control plane needed a full container orchestrator
under it; running OpenStack is hard enough on its own, and I usually reach for LXC. AT&T's work
changed my mind. They plan to move all of their control planes onto Helm charts.

What I still do not know is how they build the Kubernetes clusters underneath; that seems to be
outside the project. The hands-on lab clashed with the telecom working group, but by all accounts
it used Calico for networking and a room of a hundred people finished it quickly.

> Treat infrastructure as software, but remember that it carries hidden state an application does not.
""",
            },
            {
                "session": "nirvana-stack",
                "tags": ["sdn", "opendaylight"],
                "body": """
Telecoms and OPNFV want a reference stack of OpenStack plus an open source SDN controller such as
OpenDaylight, because SDN is not part of OpenStack itself and integrating the two is still
awkward. I have installed OpenDaylight next to OpenStack more than once, so I welcome the effort,
even if I am not sold on the name.
""",
            },
            {
                "session": "onap-from-ecomp",
                "tags": ["onap", "mano"],
                "body": """
AT&T's ECOMP is now ONAP, and it is absorbing the Open-O project too. It is a huge automation
layer above OpenStack. The merger will take a while, but there is real code to run today, and
AT&T showed Heat templates that deploy ONAP itself into an OpenStack cloud.[^rackspace]

[^rackspace]: At the time the templates had only been tried on one public cloud; other clouds
with Heat should work with a little adjustment.
""",
            },
            {
                "session": "opencontrail-user-group",
                "tags": ["opencontrail", "sdn"],
                "body": """
Randy Bias, who recently joined Juniper to lead Contrail, opened the evening with a promise to
restart the community. Almost everything he listed is overdue. The exception for me was the phrase
"open core", which I have never seen work, though it was not clear what he meant by it.

His goal of growing the number of deployments by one or two orders of magnitude matters more
than revenue: a single-vendor project needs outside users to get outside contributions.
""",
            },
            {
                "session": "massively-distributed-bof",
                "tags": ["edge", "massively-distributed"],
                "body": """
"Massively distributed" meant something different to everyone in the room. Things people asked
for that, in my view, are *not* massively distributed:

- one very large data centre (that is just a big cloud);
- a great many separate clouds (a management problem, not a distribution one);
- zero-touch provisioning of small sites (important, but solvable outside OpenStack);
- a smaller control plane because it runs in containers (it does not shrink).

The case I do count is retail: thousands of shops with a couple of hypervisors each and no
appetite for a full control plane per shop. Solve that and most of the other problems fall out.
People from the Foundation were in the room, which tells me they see edge computing as central.
""",
            },
            {
                "session": "telecom-nfv-working-group",
                "tags": ["forum", "working-group"],
                "body": """
I chair this working group for people who build and run NFV clouds, and the Foundation gave us a
Forum slot to meet in person. Our notes are on the etherpad. My ask to everyone was to bring one
more colleague next time. We also talked about the Large Contributing OpenStack Operators group,
which works closely with carriers who want to contribute upstream.
""",
            },
        ],
    },
    {
        "slug": "tokyo-2015-tuesday-notes",
        "summit": "tokyo-2015",
        "title": "Tokyo 2015, Tuesday: keynotes, OpenStack-Ansible and Neutron plumbing",
        "summary": "Notes from the first full day in Tokyo: interoperability from the main stage, a "
        "polished OpenStack-Ansible demo, BGP at the edge of Neutron and a checklist for broken packets.",
        "authors": ["jonas-brandt"],
        "tags": ["keynotes", "interoperability", "openstack-ansible", "neutron", "bgp", "troubleshooting"],
        "status": "published",
        "publish_at": at(2015, 10, 29, 12),
        "introduction": """
Tuesday in Tokyo opened at nine with a packed keynote hall: more than five thousand attendees from
56 countries. These are my notes from that day, written up on the train back.
""",
        "takeaways": """
Please stop calling OpenStack young. It is five years old; the skills gap is real, but "it is new"
no longer works as an excuse. And thanks to Rob Sherwood for putting up with a long hallway
conversation.
""",
        "writeups": [
            {
                "session": "tuesday-keynotes",
                "tags": ["keynotes", "defcore", "kubernetes"],
                "body": """
A long morning with many speakers. The points I wrote down:

- **Egle Sigler** explained DefCore: required capabilities, designated code and must-pass tests
  that any product calling itself OpenStack has to meet.
- **Lachlan Evenson** deployed a containerised app on OpenStack with Kubernetes in minutes and
  scaled a silly game from Slack with a chat bot.
- **Takuya Ito** showed Yahoo Japan's load graph during an earthquake, and argued that stable
  APIs are what make operations possible.
- **Erica Brescia** of Bitnami asked clouds to ship finished, curated application images.
- **Imad Sousou** described Intel's work with Rackspace and Mirantis on enterprise readiness.
- **Jonathan Bryce** presented Liberty, the twelfth release, and announced an administrator
  certification for 2016.
""",
            },
            {
                "session": "deploying-with-openstack-ansible",
                "tags": ["openstack-ansible", "deployment"],
                "body": """
Miguel Grinberg ran a complete OpenStack-Ansible install live, calmly narrating each step. Every
service lands in its own container, so a broken component can be thrown away and redeployed
without touching the rest. He shared a terminal recording of the whole install afterwards.
""",
            },
            {
                "session": "bgp-in-neutron",
                "tags": ["bgp", "neutron", "sdn"],
                "body": """
Several ways to announce routes from Neutron with BGP, mostly to track hosts in a network built
from summarised subnets. Host routes are old news in the data centre; the interesting part is
that the routing intelligence moves into a layer the cloud team can configure, instead of the
top-of-rack switches. Automation alone does not make it SDN, mind.
""",
            },
            {
                "session": "troubleshooting-neutron",
                "tags": ["neutron", "troubleshooting"],
                "body": """
I picked this over Ben Pfaff's OVN talk and regretted it. Still, the checklist is worth keeping.
Follow the packet hop by hop:

1. Is it leaving the instance?
2. Does it cross the veth pair?
3. Does it cross the tap interface?
4. Is the Linux bridge passing it?
5. Does Open vSwitch have the right flows?

```console
$ sudo tcpdump -ni tap1a2b3c4d-5e icmp
$ sudo ovs-ofctl dump-flows br-int
```
""",
            },
        ],
    },
    {
        "slug": "hong-kong-2013-ha-storage-deployment",
        "summit": "hong-kong-2013",
        "title": "Hong Kong 2013: our first design summit, on HA, storage and deployment",
        "summary": "Two of us split the week between high availability, storage and deployment "
        "sessions: Pacemaker still matters, Ceph is everywhere, and Ironic has a long list ahead.",
        "authors": ["kit-moreland", "sanne-vos"],
        "tags": ["high-availability", "ceph", "tripleo", "ironic", "storage", "deployment", "design-summit"],
        "status": "published",
        "publish_at": at(2013, 11, 14, 10),
        "introduction": """
Six of us from the cloud team went to Hong Kong; this report collects what two of us saw. It was
a first design summit for both of us, and the local SIM card was the most important purchase of
the week.

We divided the sessions by interest: Kit took high availability and storage, Sanne took
deployment and bare metal.
""",
        "takeaways": """
Everyone was remarkably welcoming, to the point of being slightly unnerving. If you have never
been to a summit, try Atlanta next spring or Paris next autumn.
""",
        "writeups": [
            {
                "session": "design-summit-101",
                "author": "sanne-vos",
                "tags": ["design-summit"],
                "body": """
The right first stop. General sessions are for everyone; design sessions are where developers
plan the next release. Each design session has a moderator, an etherpad on the projector that
anyone can edit, and about forty minutes. Everyone who wanted to speak got heard.
""",
            },
            {
                "session": "tripleo-ha-production-configuration",
                "author": "sanne-vos",
                "tags": ["tripleo", "high-availability"],
                "body": """
Which parts of OpenStack TripleO must deploy in a highly available way. We could have spent the
whole week on it and still not finished.
""",
            },
            {
                "session": "evaluation-of-deployment-frameworks",
                "author": "sanne-vos",
                "tags": ["deployment", "crowbar"],
                "body": """
Two engineers from Symantec compared Fuel, Juju with MAAS, Crowbar, Foreman and Rackspace Private
Cloud against their own requirements. None was perfect; Crowbar 1.6 came closest.
""",
            },
            {
                "session": "ironic-hardware-management-ramdisk",
                "author": "sanne-vos",
                "tags": ["ironic", "bare-metal"],
                "body": """
Ironic needs a ramdisk that can do real work on the machine: firmware updates, RAID setup and
similar. The firmware session that followed continued the same thread, and another asked what
Ironic should do when its TFTP or PXE server disappears.
""",
            },
            {
                "session": "ha-update-havana-and-icehouse",
                "author": "kit-moreland",
                "tags": ["high-availability", "pacemaker", "galera"],
                "body": """
I sat in the front row wearing my STONITH t-shirt, which I hope Florian Haas and Syed Armani took
in good humour. My summary of their talk:

| Component | Recommendation |
|-----------|----------------|
| MySQL | Galera |
| RabbitMQ | Pacemaker (mirrored queues still lose consistency) |
| Neutron L3 agent | Pacemaker (only one may run) |
| Storage | Ceph |

HAProxy balances load nicely but cannot help with active/passive services, so Pacemaker for
everything remains a sound choice.
""",
            },
            {
                "session": "ha-private-cloud-lessons",
                "author": "kit-moreland",
                "tags": ["high-availability", "ceph"],
                "body": """
A private cloud built with Ceph for every kind of storage and four separate Pacemaker clusters.
The compute cluster scales out simply by adding nodes.
""",
            },
            {
                "session": "encrypted-block-storage",
                "author": "kit-moreland",
                "tags": ["storage", "encryption"],
                "body": """
Volumes are encrypted on the compute host with dm-crypt, so data is protected both at rest and on
the wire. The weak point today is a single static key; Barbican is meant to fix that later.
""",
            },
            {
                "session": "ceph-de-facto-storage-backend",
                "author": "kit-moreland",
                "tags": ["ceph", "storage"],
                "body": """
Scheduled straight after the GlusterFS talk, naturally. Glance, Cinder and object storage all on
one Ceph cluster, and with KVM you can boot every instance straight from RBD:

```ini
libvirt_image_type = rbd
```

Images still get copied more often than they should, and snapshots need work, but a patch for the
copying was already in review.
""",
            },
            {
                "session": "sheepdog-all-in-one-storage",
                "author": "kit-moreland",
                "tags": ["storage", "sheepdog"],
                "body": """
Apparently everyone builds all-in-one storage now. Sheepdog was new to me: few assumptions about
the kernel or file system, a claimed footprint under 50 MB of memory, thousands of nodes, and
about 35,000 lines of C.
""",
            },
        ],
    },
    {
        "slug": "sydney-2017-ceph-has-won",
        "summit": "sydney-2017",
        "title": "Sydney 2017: Ceph has won, and other notes from the storage and networking rooms",
        "summary": "What a research-cloud team learned in Sydney: CephFS and Manila are ready, Ceph has "
        "no QoS yet, Neutron's legacy routing is safe, and Cells v2 is coming for everyone.",
        "authors": ["dara-quinn", "owen-calloway"],
        "tags": ["ceph", "cephfs", "manila", "neutron", "cells-v2", "openshift", "storage", "networking"],
        "status": "published",
        "publish_at": at(2017, 11, 15, 9),
        "cover": "harbour-bridge",
        "cover_caption": "Sydney, between sessions.",
        "introduction": """
We went to Sydney with two questions, one about storage and one about networking, and spent most
of the week in those rooms. This report collects both of our notes; each section says who wrote it.
""",
        "takeaways": """
The line in capitals on day one of the notebook: **Ceph has won**. Cinder supports more than
twenty back ends, and even the proprietary ones now position themselves as raw capacity behind
Ceph. It is not a clean sweep, since Ceph is big and has no quality-of-service controls yet, but
the direction is clear.

We got answers from Neutron, Ceph and Cinder developers that no documentation gives. We need to
keep coming to these.
""",
        "writeups": [
            {
                "session": "monday-keynotes",
                "author": "owen-calloway",
                "tags": ["keynotes", "kubernetes", "ironic"],
                "body": """
- AT&T layers the stack three deep: a thin OpenStack that drives Ironic, Kubernetes on that
  bare metal running a containerised OpenStack through OpenStack-Helm, and customer instances
  that may run their own Kubernetes. Turtles all the way down.
- Ironic adoption in the user survey jumped from 9% to 20% in about a year.
- Zuul v3 is out and offered to projects beyond OpenStack.
- Allison Randal's talk is worth a look; "programmable infrastructure" was the phrase of the day.
""",
            },
            {
                "session": "openstack-passports",
                "author": "owen-calloway",
                "tags": ["community", "public-cloud"],
                "body": """
The Passport programme gives you trial accounts on every participating OpenStack public cloud. A
nice way to see how each provider has customised the same software.
""",
            },
            {
                "session": "cephfs-now-fully-awesome",
                "author": "dara-quinn",
                "tags": ["cephfs", "manila", "nfs"],
                "body": """
Manila manages shared file systems over several back ends, NFS and now CephFS among them. In
principle we could replace some home-grown pieces with Manila, even on top of our existing NFS,
and tie shares to flavours and quotas. My caution: new Ceph features tend to be adopted well
before they are mature.
""",
            },
            {
                "session": "status-of-ceph-file-system",
                "author": "dara-quinn",
                "tags": ["cephfs", "ceph"],
                "body": """
More CephFS. It is here, it works with Manila, and Ceph can now back Glance, Cinder, Nova and
Manila at once.
""",
            },
            {
                "session": "how-does-neutron-do-that",
                "author": "owen-calloway",
                "tags": ["neutron", "linux-networking"],
                "body": """
The title promised Neutron internals; what we got was a hands-on tour of what Neutron is built
from: namespaces, veth pairs and Linux bridges. Useful, though it could have been half as long,
and it doubled as an advert for a training course.
""",
            },
            {
                "session": "dos-and-donts-ceph-openstack",
                "author": "dara-quinn",
                "tags": ["ceph", "cinder", "qos"],
                "body": """
Finally, someone addressed noisy tenants. The reason I could never find Ceph's QoS feature is that
it does not exist. The workarounds were generic, and the speaker was frank about when *not* to use
Ceph: local LVM volumes on the compute node are still the right answer sometimes. Cinder volume
types can carry per-host QoS profiles even without Ceph.

Cinder back ends in the user survey:

| Back end | Share |
|----------|------:|
| Ceph RBD | 65% |
| LVM | 24% |
| NFS | 11% |
""",
            },
            {
                "session": "kubernetes-on-openstack",
                "author": "owen-calloway",
                "tags": ["kubernetes", "security"],
                "body": """
Mostly about Kubernetes' cloud provider integration, which we do not use. Using Neutron LBaaS for
ingress might help us one day. Best quote, given our model: you should have one Kubernetes
deployment per hostile tenant.
""",
            },
            {
                "session": "neutron-to-neutron-routing",
                "author": "dara-quinn",
                "tags": ["neutron", "bgp"],
                "body": """
A proposal to connect unrelated Neutron deployments with BGP VPNs. Relevant to us, and a useful
review of cells versus regions, though it assumes a trusted network with no IPsec in between.
""",
            },
            {
                "session": "inside-neutron-routing",
                "author": "dara-quinn",
                "tags": ["neutron", "routing"],
                "body": """
Given by one of Neutron's early leaders. Neutron began as a test harness and grew organically into
production, which explains a lot. Since Ocata a single metadata server sits behind haproxy instead
of one per namespace.

I asked whether the "legacy" routing model we use will be removed. The answer from the speaker and
the Neutron chair next to me: nobody is even discussing it, and there would be a riot. That alone
was worth the session.
""",
            },
            {
                "session": "make-storage-vendors-squirm",
                "author": "dara-quinn",
                "tags": ["storage", "benchmarking"],
                "body": """
Latency and throughput are linked: a given payload at a given latency can only ever reach a given
throughput. Do not be fooled by caches in demos, ask what fancy features cost in I/O, and talk
about backups early. Storage benchmarks are mostly fiction.
""",
            },
            {
                "session": "openshift-on-openstack",
                "author": "owen-calloway",
                "tags": ["openshift", "kuryr", "kubernetes"],
                "body": """
A Red Hat feature tour with a Boston University cloud as the example. Functions as a service in
OpenShift is converging on OpenWhisk, and Kuryr will plug containers straight into Neutron, which
avoids VXLAN inside VXLAN. Their setup mirrors ours closely; we swapped contacts.
""",
            },
            {
                "session": "move-to-cells-v2",
                "author": "owen-calloway",
                "tags": ["cells-v2", "nova", "scaling"],
                "body": """
Since Ocata every Nova deployment is a cells v2 deployment, even if it has only cell0 and one
cell. A cell is its own database, message queue and compute nodes behind the shared API.

![Diagram of Nova cells v2]({image:cells-v2})

Reasons to add a cell: the queue is melting, you want to isolate failures, or you want to retire
hardware. Known gaps as of Pike:

- no migration between cells;
- odd sorting and listing;
- no scheduler retries;
- no anti-affinity.

Most should be fixed in Queens. Cells shard Nova only; Neutron's routed segments can be aligned
with them, but the two are managed separately.
""",
            },
        ],
    },
    {
        "slug": "vancouver-2018-first-impressions",
        "summit": "vancouver-2018",
        "title": "Vancouver 2018: first impressions (draft)",
        "summary": "Unfinished notes from the edge computing keynote.",
        "authors": ["priya-natarajan"],
        "tags": ["edge", "draft-notes"],
        "status": "draft",
        "publish_at": None,
        "introduction": "Still writing this one up.",
        "takeaways": "",
        "writeups": [
            {"session": "edge-computing-keynote", "tags": ["edge"], "body": "Notes to follow."},
        ],
    },
    {
        "slug": "boston-2017-forum-sessions",
        "summit": "boston-2017",
        "title": "The first Forum: how Boston replaced the design summit",
        "summary": "Waiting for an editor: what changed now that developers meet at the PTG.",
        "authors": ["owen-calloway"],
        "tags": ["forum", "ptg"],
        "status": "review",
        "publish_at": None,
        "introduction": "Developers now plan releases at the Project Team Gathering, so Boston had fewer of "
        "them and more operators. The Forum took the design summit's place.",
        "takeaways": "",
        "writeups": [
            {
                "session": "ha-fishbowl",
                "tags": ["forum"],
                "body": "A second look at the HA fishbowl, from the Forum's point of view.",
            },
        ],
    },
]
