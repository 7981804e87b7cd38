"""Demo content for `manage.py load_demo`.

Five published reports each carry one of five public trip reports whole: Boston 2017 day by day,
NFV at Boston 2017, Tokyo 2015 (Tuesday), Hong Kong 2013 and Sydney 2017. The facts (summits,
dates, session titles, speakers, projects, companies, numbers) come from those reports; every
sentence here is our own. The people who write the reports are fictional demo authors.

A report's "sections" are write-ups (with "session") or free sections (with "heading" and an
optional "day"); "attended" lists sessions someone went to without writing them up, with at most
a one-line note; "attendees" are people who were there with the team and wrote nothing.
Follow-ups are marked in the text as `Follow-up:` lines or task items (`- [ ]`).
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
        "description": "The Icehouse design summit: general sessions open to all, and design sessions "
        "in which developers planned the next release around a shared etherpad.",
    },
    {
        "slug": "tokyo-2015",
        "name": "OpenStack Summit Tokyo 2015",
        "city": "Tokyo",
        "country": "Japan",
        "start_date": date(2015, 10, 27),
        "end_date": date(2015, 10, 30),
        "website": "https://www.openstack.org/summit/tokyo-2015/",
        "description": "More than 5,000 people from 56 countries, just after Liberty, the twelfth "
        "release; an administrator certification was announced for 2016.",
    },
    {
        "slug": "boston-2017",
        "name": "OpenStack Summit Boston 2017",
        "city": "Boston",
        "country": "United States",
        "start_date": date(2017, 5, 8),
        "end_date": date(2017, 5, 11),
        "website": "https://www.openstack.org/summit/boston-2017/",
        "description": "The first summit with the Forum, now that developers plan each release at the "
        "separate Project Team Gathering. Kubernetes in nearly every room; edge computing on the rise.",
        "digest_intro": "Two of us went to Boston: Owen for operations and containers, Priya for "
        "telecom and NFV. If you read one thing, read the Forum sessions: they are new this year, and "
        "they are where operators and developers finally sat in the same room.",
    },
    {
        "slug": "sydney-2017",
        "name": "OpenStack Summit Sydney 2017",
        "city": "Sydney",
        "country": "Australia",
        "start_date": date(2017, 11, 6),
        "end_date": date(2017, 11, 8),
        "website": "https://www.openstack.org/summit/sydney-2017/",
        "description": "Ceph in every storage talk, OpenStack and Kubernetes stacked on each other, "
        "and Zuul v3 offered to projects outside OpenStack.",
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
    ("Swift", "swift", "https://docs.openstack.org/swift/", "OpenStack's object storage, its oldest project."),
    ("Keystone", "keystone", "https://docs.openstack.org/keystone/", "Identity, including federation."),
    ("Manila", "manila", "https://docs.openstack.org/manila/", "Shared file systems as a service."),
    ("Ironic", "ironic", "https://docs.openstack.org/ironic/", "Bare metal provisioning."),
    ("Heat", "heat", "https://docs.openstack.org/heat/", "Orchestration from templates."),
    ("Murano", "murano", "https://docs.openstack.org/murano/", "An application catalogue."),
    ("Barbican", "barbican", "https://docs.openstack.org/barbican/", "Key and secret management."),
    (
        "oslo.messaging",
        "oslo-messaging",
        "https://docs.openstack.org/oslo.messaging/",
        "The RPC and notification library every service talks through.",
    ),
    ("DevStack", "devstack", "https://docs.openstack.org/devstack/", "A development install from source."),
    ("TripleO", "tripleo", "https://docs.openstack.org/tripleo-docs/", "OpenStack deployed by OpenStack."),
    ("Fuel", "fuel", "https://wiki.openstack.org/wiki/Fuel", "Mirantis' deployment tool."),
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
    ("OpenWhisk", "openwhisk", "https://openwhisk.apache.org/", "Functions as a service."),
    ("Kuryr", "kuryr", "https://docs.openstack.org/kuryr-kubernetes/", "Neutron networking for containers."),
    (
        "OpenContrail",
        "opencontrail",
        "https://github.com/Juniper/contrail-controller",
        "Juniper's open source SDN controller and vRouter.",
    ),
    ("OpenDaylight", "opendaylight", "https://www.opendaylight.org/", "An open source SDN controller."),
    ("MidoNet", "midonet", "https://github.com/midonet/midonet", "A network virtualisation overlay."),
    ("ONAP", "onap", "https://www.onap.org/", "Open Network Automation Platform, born from AT&T's ECOMP."),
    ("Calico", "calico", "https://www.projectcalico.org/", "Layer 3 networking for containers and VMs."),
    ("OVN", "ovn", "https://www.ovn.org/", "Open Virtual Network, built on Open vSwitch."),
    ("Open vSwitch", "open-vswitch", "https://www.openvswitch.org/", "A programmable virtual switch."),
    ("RabbitMQ", "rabbitmq", "https://www.rabbitmq.com/", "The message broker most clouds run."),
    ("ZeroMQ", "zeromq", "https://zeromq.org/", "Brokerless messaging, an oslo.messaging driver."),
    ("HAProxy", "haproxy", "https://www.haproxy.org/", "A TCP and HTTP load balancer."),
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
    ("Hadoop", "hadoop", "https://hadoop.apache.org/", "Distributed data processing."),
    ("etcd", "etcd", "https://etcd.io/", "A distributed key-value store."),
]

# Demo accounts. README lists them; the passwords are for a local demo only.
ACCOUNTS = [
    {
        "username": "editor",
        "password": "demo-editor-pass",
        "email": "editor@summitblog.example",
        "group": "Editor",
        "author": "elena-marsh",
    },
    {
        "username": "priya",
        "password": "demo-priya-pass",
        "email": "priya@summitblog.example",
        "group": "Contributor",
        "author": "priya-natarajan",
    },
    {
        "username": "owen",
        "password": "demo-owen-pass",
        "email": "owen@summitblog.example",
        "group": "Contributor",
        "author": "owen-calloway",
    },
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

# Pictures drawn by the loader with Pillow (no binary files in the repository). They stand in for
# the photos of the original reports; the alternative text says what is actually drawn. "line"
# draws a polyline (a chart) in place of the boxes.
IMAGES = [
    {
        "key": "fenway-evening",
        "alt_text": "A stylised ballpark scoreboard reading OpenContrail User Group, Fenway Park",
        "title": "Fenway Park",
        "subtitle": "StackCity and OpenContrail · Boston 2017",
        "colors": ("#0c3b2e", "#2f6f4f"),
    },
    {
        "key": "odin",
        "alt_text": "A card reading Meet Odin, standing in for a photo of a young cat",
        "title": "Meet Odin",
        "subtitle": "The newest cat in the house",
        "colors": ("#3b2a1a", "#8a5a2b"),
    },
    {
        "key": "mfa-painting",
        "alt_text": "A card reading Museum of Fine Arts, Boston, standing in for a photo of a painting",
        "title": "Museum of Fine Arts",
        "subtitle": "Boston · May 2017",
        "colors": ("#4a1f2e", "#b0775a"),
    },
    {
        "key": "att-zones",
        "alt_text": "A sketch of one region drawn as two boxes side by side, labelled zone A and zone B",
        "title": "One region, two zones",
        "subtitle": "Zone A · Zone B, close together",
        "colors": ("#1f3550", "#4f7ca8"),
    },
    {
        "key": "tokyo-keynote",
        "alt_text": "A stylised card reading Tokyo 2015, Tuesday 27 October",
        "title": "Tokyo 2015",
        "subtitle": "Tuesday 27 October · keynotes at 9:00",
        "colors": ("#5a1a2a", "#d0604f"),
    },
    {
        "key": "yahoo-quake",
        "alt_text": "A line chart that runs flat, then jumps to one tall spike, labelled load during an earthquake",
        "title": "Load vs time",
        "subtitle": "Yahoo Japan during an earthquake",
        "colors": ("#202a38", "#3d5a73"),
        "line": [(80, 560), (420, 555), (560, 550), (600, 400), (640, 545), (900, 540), (1120, 538)],
    },
    {
        "key": "tokyo-comedy",
        "alt_text": "A card reading The comedy shot, standing in for a joke photo from the day",
        "title": "The comedy shot",
        "subtitle": "Tokyo 2015 · Tuesday",
        "colors": ("#3a2a5a", "#9a6ad0"),
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


def session(slug, title, kind, track, projects=(), speakers=(), **facts):
    """One session: what every report that mentions it shares (day, status, speakers, links)."""
    return {
        "slug": slug,
        "title": title,
        "kind": kind,
        "track": track,
        "projects": list(projects),
        "speakers": list(speakers),
        **facts,
    }


BOSTON_MON, BOSTON_TUE, BOSTON_WED, BOSTON_THU = (date(2017, 5, day) for day in (8, 9, 10, 11))
TOKYO_TUE = date(2015, 10, 27)
SYDNEY_MON = date(2017, 11, 6)

# Days and times only where a report gives them; the rest were never stated.
SESSIONS = {
    "hong-kong-2013": [
        session("design-summit-101", "Design Summit 101", "design", "community"),
        session(
            "tripleo-ha-production-configuration",
            "TripleO: HA/Production Configuration",
            "design",
            "deployment",
            ["tripleo", "pacemaker"],
        ),
        session(
            "stable-branch-update-futures",
            "TripleO: Stable Branch Support and Update Futures",
            "design",
            "deployment",
            ["tripleo"],
        ),
        session(
            "evaluation-of-deployment-frameworks",
            "An Evaluation of OpenStack Deployment Frameworks",
            "breakout",
            "deployment",
            ["crowbar", "fuel"],
            description="Two engineers from Symantec compare the deployment tools they tried.",
        ),
        session(
            "roundtable-deploying-upgrading",
            "Roundtable: Deploying and Upgrading OpenStack",
            "design",
            "deployment",
        ),
        session(
            "bare-metal-provisioning-service",
            "OpenStack's Bare Metal Provisioning Service",
            "breakout",
            "deployment",
            ["ironic"],
        ),
        session(
            "it-not-just-an-unicorn",
            "Not Just a Unicorn: Updating a Public Cloud from Folsom to Grizzly",
            "breakout",
            "deployment",
            description="eNovance on how it upgrades its public cloud.",
        ),
        session("road-to-live-upgrades", "The Road to Live Upgrades", "design", "deployment", ["nova"]),
        session(
            "ironic-hardware-management-ramdisk",
            "Ironic: Hardware Management Ramdisk",
            "design",
            "deployment",
            ["ironic"],
        ),
        session("ironic-firmware-updates", "Ironic: Firmware Updates", "design", "deployment", ["ironic"]),
        session(
            "making-ironic-resilient",
            "Making Ironic Resilient to Failures",
            "design",
            "deployment",
            ["ironic"],
        ),
        session(
            "compass-deployment-system",
            "Compass: Yet Another OpenStack Deployment System",
            "breakout",
            "deployment",
            description="Huawei's deployment system, built on Chef, to be released under Apache 2.0.",
        ),
        session(
            "ha-private-cloud-lessons",
            "Practical Lessons from Building a Highly Available OpenStack Private Cloud",
            "breakout",
            "high-availability",
            ["ceph", "pacemaker"],
        ),
        session(
            "ha-update-havana-and-icehouse",
            "High Availability Update: Havana and Icehouse",
            "breakout",
            "high-availability",
            ["pacemaker", "galera", "rabbitmq", "haproxy", "ceph", "neutron"],
            ["Florian Haas", "Syed Armani"],
        ),
        session(
            "database-clusters-as-a-service",
            "Database Clusters as a Service in OpenStack",
            "breakout",
            "high-availability",
            ["galera"],
        ),
        session(
            "encrypted-block-storage",
            "Encrypted Block Storage: Technical Walkthrough",
            "breakout",
            "storage",
            ["cinder", "nova", "barbican"],
        ),
        session(
            "swift-drive-workloads-kinetic",
            "Swift Drive Workloads and Kinetic Open Storage",
            "breakout",
            "storage",
            ["swift"],
            description="Seagate's Kinetic drives: disks that speak key/value over Ethernet.",
        ),
        session(
            "glusterfs-real-world",
            "Real World Usage of GlusterFS + OpenStack",
            "breakout",
            "storage",
            ["glusterfs"],
        ),
        session(
            "ceph-de-facto-storage-backend",
            "Ceph: The De Facto Storage Backend for OpenStack",
            "breakout",
            "storage",
            ["ceph", "glance", "cinder", "nova"],
        ),
        session(
            "sheepdog-all-in-one-storage",
            "Sheepdog: Yet Another All-In-One Storage for OpenStack",
            "breakout",
            "storage",
            ["sheepdog"],
        ),
        session(
            "ceph-integration-unconference",
            "Ceph OpenStack Integration Unconference",
            "unconference",
            "storage",
            ["ceph"],
        ),
        session(
            "culture-code-community-conway",
            "Culture, Code, Community and Conway",
            "breakout",
            "community",
            speakers=["Joshua McKenty"],
            day=date(2013, 11, 8),
        ),
    ],
    "tokyo-2015": [
        session(
            "tuesday-keynotes",
            "Tuesday Keynotes",
            "keynote",
            "keynotes",
            ["kubernetes", "devstack", "murano", "heat", "swift", "keystone"],
            [
                {
                    "name": "Egle Sigler",
                    "role": "Principal Architect and OpenStack Foundation board member",
                    "affiliation": "Rackspace",
                },
                {"name": "Lachlan Evenson", "affiliation": "Lithium Technologies"},
                {
                    "name": "Takuya Ito",
                    "role": "Senior Manager, Infrastructure Engineering",
                    "affiliation": "Yahoo Japan",
                },
                {"name": "Erica Brescia", "role": "COO", "affiliation": "Bitnami"},
                {
                    "name": "Imad Sousou",
                    "role": "VP and GM, Open Source Technology Center",
                    "affiliation": "Intel",
                },
                {"name": "Jonathan Bryce", "role": "Executive Director", "affiliation": "OpenStack Foundation"},
            ],
            day=TOKYO_TUE,
            start_time=time(9, 0),
        ),
        session(
            "deploying-with-openstack-ansible",
            "Deploying OpenStack with OpenStack-Ansible",
            "breakout",
            "deployment",
            ["openstack-ansible"],
            ["Miguel Grinberg"],
            day=TOKYO_TUE,
        ),
        session(
            "bgp-in-neutron", "Using BGP in Neutron", "breakout", "networking", ["neutron", "calico"], day=TOKYO_TUE
        ),
        session(
            "troubleshooting-neutron",
            "Troubleshooting Neutron",
            "breakout",
            "networking",
            ["neutron", "open-vswitch"],
            day=TOKYO_TUE,
        ),
    ],
    "boston-2017": [
        session(
            "future-of-configuration-management",
            "The Future of Configuration Management",
            "forum",
            "forum",
            ["etcd", "nova"],
            day=BOSTON_MON,
        ),
        session("tuesday-keynotes", "Tuesday Keynotes", "keynote", "keynotes", ["kubernetes"], day=BOSTON_TUE),
        session(
            "tess-master-on-openstack",
            "Tess Master in an OpenStack Cloud",
            "breakout",
            "containers",
            ["kubernetes"],
            day=BOSTON_TUE,
        ),
        session(
            "contrail-vrouter-smartnic",
            "Offloading the OpenContrail vRouter to a SmartNIC",
            "breakout",
            "networking",
            ["opencontrail"],
            day=BOSTON_TUE,
        ),
        session("stackcity-fenway", "StackCity at Fenway Park", "evening", "evening-events", day=BOSTON_TUE),
        session(
            "immutable-control-plane-paddy-power-betfair",
            "Immutable OpenStack: a Containerised Control Plane at Paddy Power Betfair",
            "breakout",
            "deployment",
            ["kubernetes"],
            day=BOSTON_WED,
            description="Paddy Power Betfair on running its OpenStack control plane in containers.",
        ),
        session(
            "oslo-messaging-rabbitmq-stability",
            "Keeping RabbitMQ Stable with oslo.messaging",
            "breakout",
            "operations-at-scale",
            ["oslo-messaging", "rabbitmq", "zeromq"],
            day=BOSTON_WED,
        ),
        session(
            "scaling-22-nodes-to-100",
            "Scaling a 22-Node Environment to 100 Nodes and Beyond",
            "breakout",
            "operations-at-scale",
            day=BOSTON_WED,
            status="cancelled",
            status_note="the speakers did not show",
        ),
        session(
            "scaling-to-5000-nodes",
            "Scaling Vanilla OpenStack to 5,000 Nodes and Beyond",
            "breakout",
            "operations-at-scale",
            ["rabbitmq", "nova"],
            [{"name": "Georgy", "affiliation": "Mirantis"}],
            day=BOSTON_WED,
        ),
        session("being-a-ptl-panel", "So You Want to Be a PTL?", "panel", "community", day=BOSTON_WED),
        session(
            "hadoop-with-heat",
            "Orchestrating Hadoop on OpenStack with Heat",
            "breakout",
            "deployment",
            ["heat", "hadoop"],
            day=BOSTON_WED,
        ),
        session(
            "opencontrail-user-group",
            "OpenContrail User Group at Fenway",
            "evening",
            "evening-events",
            ["opencontrail"],
            [{"name": "Randy Bias", "affiliation": "Juniper Networks"}],
            day=BOSTON_WED,
            description="Juniper's evening for OpenContrail users, with dinner at Fenway Park.",
        ),
        session(
            "ha-fishbowl",
            "High Availability of OpenStack: Operators' Fishbowl",
            "forum",
            "forum",
            ["rabbitmq", "galera"],
            day=BOSTON_THU,
        ),
        session("resiliency-1000-nodes", "Achieving Resiliency at 1000+ Nodes", "forum", "forum", day=BOSTON_THU),
        session(
            "next-generation-contributors",
            "Growing the Next Generation of OpenStack Contributors",
            "panel",
            "community",
            day=BOSTON_THU,
        ),
        session(
            "interoperability-panel",
            "OpenStack Interoperability, Past and Future",
            "panel",
            "community",
            day=BOSTON_THU,
        ),
        session(
            "coa-exam-panel",
            "The Certified OpenStack Administrator Exam",
            "panel",
            "community",
            ["devstack", "chef-openstack"],
            day=BOSTON_THU,
        ),
        session(
            "openstack-helm",
            "OpenStack-Helm: Deploying the OpenStack Control Plane on Kubernetes",
            "breakout",
            "containers",
            ["openstack-helm", "kubernetes", "calico"],
            description="AT&T, which leads OpenStack-Helm, on moving its control planes onto Helm charts.",
        ),
        session(
            "nirvana-stack",
            "The Nirvana Stack: OpenStack with Open Source SDN",
            "breakout",
            "nfv-telecom",
            ["opendaylight", "neutron"],
            description="Telecoms and OPNFV on a reference stack of OpenStack and open source SDN.",
        ),
        session(
            "onap-from-ecomp",
            "ONAP: from ECOMP to an Open Platform",
            "breakout",
            "nfv-telecom",
            ["onap", "heat"],
            description="AT&T demonstrates ONAP and the Heat templates that install it.",
        ),
        session(
            "massively-distributed-bof",
            "Massively Distributed Clouds",
            "bof",
            "edge-computing",
            ["nova", "ironic"],
        ),
        session(
            "telecom-nfv-working-group",
            "OpenStack Operators Telecom/NFV Working Group",
            "forum",
            "forum",
        ),
    ],
    "sydney-2017": [
        session(
            "monday-keynotes",
            "Monday Keynotes",
            "keynote",
            "keynotes",
            ["openstack-helm", "ironic", "zuul", "kubernetes"],
            ["Allison Randal"],
            day=SYDNEY_MON,
        ),
        session("openstack-passports", "OpenStack Passports", "breakout", "community"),
        session("cephfs-now-fully-awesome", "CephFS Now Fully Awesome", "breakout", "storage", ["manila", "ceph"]),
        session(
            "status-of-ceph-file-system",
            "Overview and Status of the Ceph File System",
            "breakout",
            "storage",
            ["ceph", "manila", "cinder", "glance", "nova"],
        ),
        session(
            "how-does-neutron-do-that",
            "How Does Neutron Do That?",
            "lab",
            "networking",
            ["neutron"],
            description="A hands-on lab from Rackspace training.",
        ),
        session(
            "dos-and-donts-ceph-openstack",
            "Dos and Don'ts of Ceph and OpenStack",
            "breakout",
            "storage",
            ["ceph", "cinder"],
        ),
        session(
            "kubernetes-on-openstack", "Kubernetes on OpenStack", "breakout", "containers", ["kubernetes", "neutron"]
        ),
        session("neutron-to-neutron-routing", "Neutron to Neutron Routing", "breakout", "networking", ["neutron"]),
        session(
            "inside-neutron-routing",
            "Inside Neutron Routing Architectures",
            "breakout",
            "networking",
            ["neutron", "ovn", "midonet", "opendaylight", "opencontrail", "haproxy"],
        ),
        session("make-storage-vendors-squirm", "Questions to Make Storage Vendors Squirm", "breakout", "storage"),
        session(
            "openshift-on-openstack",
            "Running OpenShift on OpenStack",
            "breakout",
            "containers",
            ["openshift", "kuryr", "kubernetes", "openwhisk"],
            description="Red Hat, with the Massachusetts Open Cloud at Boston University as the example.",
        ),
        session(
            "move-to-cells-v2",
            "Move to Cells v2",
            "breakout",
            "operations-at-scale",
            ["nova", "rabbitmq", "neutron"],
        ),
    ],
    "vancouver-2018": [
        session("edge-computing-keynote", "Edge Computing Keynote", "keynote", "keynotes", day=date(2018, 5, 21)),
    ],
}

BOSTON_DIARY = {
    "slug": "boston-2017-four-days-of-kubernetes",
    "summit": "boston-2017",
    "title": "Boston 2017, day by day: four days of Kubernetes",
    "summary": "A diary of the Boston summit, one day at a time: Kubernetes in every room, MySQL and "
    "RabbitMQ as the services to guard, a talk whose speakers never came, two evenings at Fenway Park "
    "and a panel on the administrator exam.",
    "authors": ["owen-calloway"],
    "tags": ["kubernetes", "containers", "scaling", "rabbitmq", "certification", "opencontrail"],
    "status": "published",
    "publish_at": at(2017, 5, 13, 18),
    "cover": "fenway-evening",
    "cover_caption": "Fenway Park hosted StackCity on Tuesday and the OpenContrail user group on Wednesday.",
    "introduction": """
Four days in Boston, with more OpenStack operators and developers under one roof than anywhere
else all year. I am not going to retell the keynotes; the recordings are online and well worth an
evening.[^recordings] What follows is my week, one heading per day, in the order I lived it.

[^recordings]: Every talk below has a recording on the Foundation's video site, under Boston 2017.
""",
    "takeaways": """
What I brought home:

- Kubernetes is the way forward. Really.
- If your control plane is not in containers yet, plan for it, and ask yourself why Kubernetes is
  not part of that plan.
- Chef OpenStack is alive even though nobody mentions it: page 43 of the user survey ranks it the
  number four deployment choice.
- The COA rewards nerve and improvisation, not recall, and it gets harder the older your
  production clouds are.
- Expect Kubernetes at the centre of whatever comes next, and learn it.

| Day | Written up | Also attended |
|-----|-----------:|--------------:|
| Monday | 1 | 0 |
| Tuesday | 3 | 1 |
| Wednesday | 6 | 1 |
| Thursday | 3 | 2 |

A good week: useful talks, good food, a great deal of walking, and people I only knew from chat
turned out to exist in real life.
""",
    "sections": [
        {
            "heading": "Monday: arrivals, and the theme of the week",
            "day": BOSTON_MON,
            "tags": ["kubernetes", "edge"],
            "body": """
The first morning was badges and reunions: shirts from past summits and other conferences, old
friends catching up, strangers introducing themselves, some people fresh off an overnight flight
and some off a morning one.

The theme showed itself quickly. Interoperability got its moment on stage and edge computing was
turning up as a new idea, but underneath it all the talk was of **Kubernetes**.
""",
        },
        {
            "session": "future-of-configuration-management",
            "verdict": "recommended",
            "tags": ["etcd", "configuration"],
            "body": """
A lively afternoon discussion about configuration as such, meaning files like `/etc/nova/nova.conf`,
rather than about any one configuration management tool. The question was where those settings
should be kept in future, and etcd came out as the favourite new piece for the stack.
""",
        },
        {
            "heading": "Monday evening: team dinner and a pharmacy stop",
            "day": BOSTON_MON,
            "tags": ["kubernetes"],
            "body": """
I had not prepared for day one and paid for it. Dinner with the team brought the news that
Kubernetes has some real warts when it runs on top of OpenStack. After that I headed to the
hotel, with a quick stop at a Walgreens that happened to be on the way.
""",
        },
        {
            "session": "tess-master-on-openstack",
            "tags": ["kubernetes"],
            "body": """
Tuesday started with supplies, the keynote stream and plenty of water, then a walk to the
convention centre for a talk on Tess Master and its role in a cloud built on OpenStack. Again,
Kubernetes from start to finish. The criticism was about what Kubernetes still lacks, but nobody
doubted the choice: the community has settled on it for containers, and a container strategy
without it now looks like a mistake.

Follow-up: spend proper time with Kubernetes before our next planning round.
""",
        },
        {
            "session": "contrail-vrouter-smartnic",
            "verdict": "recommended",
            "tags": ["sdn", "performance", "opencontrail"],
            "body": """
How the OpenContrail vRouter performs when its work moves onto a programmable network card (a
SmartNIC). Clear, well argued and worth the hour.
""",
        },
        {
            "session": "stackcity-fenway",
            "verdict": "recommended",
            "tags": ["social"],
            "body": """
StackCity was back for the evening, this time in the historic ballpark, and we got the full game
day treatment: metal detectors and long queues, everything except baseball. Lots of selfies and
group photos. Glorious.
""",
        },
        {
            "heading": "Wednesday: past the halfway mark",
            "day": BOSTON_WED,
            "tags": ["community"],
            "body": """
By midweek people looked worn out. A few unlucky ones had been dragged into outages back home and
had claimed every free power socket in sight.
""",
        },
        {
            "session": "immutable-control-plane-paddy-power-betfair",
            "tags": ["containers", "control-plane"],
            "body": """
Paddy Power Betfair made OpenStack immutable by putting its control plane into containers.

Follow-up: write down what containerising our own control plane would take.
""",
        },
        {
            "session": "oslo-messaging-rabbitmq-stability",
            "tags": ["rabbitmq", "scaling"],
            "body": """
Which oslo.messaging settings keep RabbitMQ as steady as it can be, with ZeroMQ (0MQ) put forward
as a broker back end.
""",
        },
        {
            "session": "scaling-22-nodes-to-100",
            "tags": ["scaling"],
            "body": """
Meant to follow directly. The room gave it twenty minutes, nobody appeared, and we all filed out.
A sad moment.
""",
        },
        {
            "session": "scaling-to-5000-nodes",
            "verdict": "recommended",
            "tags": ["scaling", "rabbitmq", "mysql"],
            "body": """
The next talk did take place. Georgy from Mirantis touched on small deployments and then stayed at
the large end. Once again MySQL and RabbitMQ were the two services most in need of protection;
the room disagreed about which protections to use and when to skip them.
""",
        },
        {
            "session": "being-a-ptl-panel",
            "tags": ["community"],
            "body": """
I spotted a panel on being a PTL and sat in to compare it with my own time in the role. Mine was
quite ordinary, it turns out, apart from the team being decimated a year ago.
""",
        },
        {
            "session": "opencontrail-user-group",
            "verdict": "recommended",
            "tags": ["opencontrail", "sdn", "social"],
            "body": """
Fenway again in the evening, for the OpenContrail user group and a smaller dinner: beer, pizza,
burgers, Fenway Franks and Cracker Jack. The call from the stage was to reboot the open source
community until OpenContrail is the leading open SDN, and people from several organisations
presented how they use it.
""",
        },
        {
            "session": "ha-fishbowl",
            "tags": ["high-availability", "forum"],
            "body": """
Thursday, the last day, already. It opened with a fishbowl on high availability, led by people
whose clouds are far ahead of mine. The pain points they raised were largely independent of
tooling.
""",
        },
        {
            "session": "resiliency-1000-nodes",
            "tags": ["high-availability", "scaling", "forum"],
            "body": """
A second fishbowl, on staying resilient past a thousand nodes. Only one person in the room had
done it, so they ended up leading, which tells you how big the typical operator's cloud is.
""",
        },
        {
            "session": "coa-exam-panel",
            "verdict": "recommended",
            "tags": ["certification"],
            "body": """
After lunch and two more panels, my last session: why take the Certified OpenStack Administrator
(COA) exam. I meant to anyway. The answer: it tests whether you can solve problems on a live
system under pressure. Memorising will not get you through.

- [ ] Brush up on DevStack master (or openstack-chef-repo) before booking the COA: our production
  clouds run older releases.
""",
        },
        {
            "heading": "Bonus: meet Odin",
            "day": BOSTON_THU,
            "tags": ["cats"],
            "body": """
Not a session. The clowder at home has grown by one.

![A card reading Meet Odin, standing in for a photo of a young cat]({image:odin} "Odin, the newest cat in the house.")
""",
        },
    ],
    "attended": [
        {"session": "tuesday-keynotes", "note": "Streamed from the hotel before walking over."},
        {
            "session": "hadoop-with-heat",
            "note": "An old friend's talk: deploying Hadoop on OpenStack with Heat templates.",
        },
        {
            "session": "next-generation-contributors",
            "note": "Two interns on their internships and on working with the wider community.",
        },
        {"session": "interoperability-panel", "note": "Where interoperability stands, and where it goes next."},
    ],
}

BOSTON_NFV = {
    "slug": "nfv-at-boston-2017",
    "summit": "boston-2017",
    "title": "NFV at the Boston summit: Helm, ONAP and the edge",
    "summary": "Telecoms were everywhere in Boston: Verizon sent a hundred people, AT&T is moving its "
    "control planes to OpenStack-Helm and publishing ONAP, OpenContrail promises a reboot, and "
    "nobody agrees on what 'massively distributed' means.",
    "authors": ["priya-natarajan"],
    "tags": ["nfv", "telecom", "openstack-helm", "onap", "sdn", "edge", "forum"],
    "status": "published",
    "publish_at": at(2017, 5, 19, 8),
    "cover": "mfa-painting",
    "cover_caption": "Away from the summit: a painting at the Museum of Fine Arts, Boston.",
    "introduction": """
I have lost count of my summits (San Diego was the first), but Boston ranks among the better ones,
mostly because I had colleagues to spend it with. People from my own employer were due to come and
had to drop out for business reasons. Still, I had good conversations with fellow Canadians, who
now have a Slack channel, and with my co-presenters on the multi-cloud, multi-site session.
""",
    "takeaways": """
A good summit. I missed sitting in on developer sessions to hear what they are building, but I see
why the Foundation created the PTG; time will tell whether it helps development, and I expect it
will. The real loss: fewer free drinks and sweets, which now go where the developers go.

Watching NFV closely, there was a lot to watch. AT&T, and soon Verizon and perhaps others, are
putting people into writing open source code. Smaller telecoms are out of their depth and will
keep treating pressure on vendors as their technical strategy. My advice to every telecom:
**invest in people**, and in whatever they need to succeed.

It will take telecoms time, but if they get it right they will shape OpenStack over the next few
years. I would not be surprised if NFV became its largest use case, since carriers will deploy
thousands of clouds, likely thousands more than enterprises ever have.

Next: the operators' meetup in Mexico City in August, then the Sydney summit. A long trip, and a
fun one, I hope.
""",
    "sections": [
        {
            "heading": "NFV: the telecoms arrive",
            "tags": ["nfv", "telecom"],
            "body": """
Most of my work is network function virtualisation. For anyone who has not been to a summit
lately, one number sums up how involved the telecoms are: Verizon sent a hundred people. And AT&T
leads OpenStack-Helm; its talk said every OpenStack control plane it runs will move to it,
presumably retiring Mirantis Fuel (which Mirantis has itself replaced with MCP).
""",
        },
        {
            "session": "openstack-helm",
            "verdict": "recommended",
            "tags": ["openstack-helm", "kubernetes", "containers", "calico"],
            "body": """
I used to doubt that the OpenStack control plane called for a whole container orchestration
engine such as Kubernetes beneath it. OpenStack is hard enough to run without a second complex system
underneath, and I normally reach for LXC containers. AT&T's Helm work changed my mind. What I
still cannot see is how they build the Kubernetes clusters themselves; that looks out of the
project's scope, and kubeadm would be my guess.

The hands-on workshop clashed with the telecom/NFV working group, so I missed it. A Calico blog
post describes AT&T's Integrated Cloud team taking a full room of more than a hundred people
through deploying and upgrading OpenStack on Kubernetes with Helm, networked by Calico, in a few
minutes.

Should telecoms behave like Facebook? Only in part, but with containers not everything belongs on
layer 2. Containers ought to be on IPv6; Calico's all-layer-3 approach on IPv4 is a fair start.

Running infrastructure as software is hard. It is not a web application, and it hides a lot of
state. Yet a private cloud cannot remain a hand-built, one-off installation either. The balance
lies between highly available infrastructure and software habits (continuous integration,
several deployments a day), while accepting that infrastructure fails and applications must be
written for that. Push too hard in one direction and the platform wobbles; push the other way
and it gets installed once and forgotten.

Follow-up: find out whether AT&T runs Calico in production too, or only in the workshop.
""",
        },
        {
            "heading": "AT&T: zones and regions",
            "tags": ["att", "availability-zones"],
            "body": """
I only caught a fragment of a conversation about this, so treat it with care. It sounded as if
AT&T builds its clouds in regions, each made of two zones (availability zones, I assume), much as
AWS and any sensible provider do. When a zone fails, and a zone is probably a whole cloud, its
nearby twin carries on, and applications are spread across the pair.

![A sketch of one region drawn as two boxes side by side, labelled zone A and zone B]({image:att-zones} "Our sketch of what we heard: every AT&T region made of two nearby zones.")

The idea is not new. What impresses me is that a large telecom has understood zones and built
them, which shows real maturity as a cloud builder.

Follow-up: research how AT&T actually lays out its regions and zones before repeating this.
""",
        },
        {
            "session": "nirvana-stack",
            "tags": ["sdn", "opendaylight", "opnfv"],
            "body": """
Naming is hard. I am not sure about this name, though I see where it comes from.

Telecoms and groups such as OPNFV want a reference stack: OpenStack plus other open source
pieces, above all a software-defined networking (SDN) controller. The OpenDaylight track gave it a
whole day, so I saw only part. My reading: OpenStack is now the usual base for NFV, but SDN sits
outside the OpenStack project, and the extra features telecoms want from a controller are hard to
integrate. The Nirvana Stack is the umbrella for integrating OpenStack with open source SDN such
as OpenDaylight, including finding problems and getting them fixed upstream.

That fits my experience: I have worked with OpenDaylight a good deal, and installing it beside
OpenStack is never simple.
""",
        },
        {
            "session": "onap-from-ecomp",
            "verdict": "recommended",
            "tags": ["onap", "mano", "heat"],
            "body": """
Anyone near NFV knows AT&T's ECOMP: a vast layer of software above OpenStack (MANO and then some)
that automates almost everything. ECOMP is now ONAP, and ONAP is absorbing a second open source
MANO project, Open-O. The merger will take a while, but there is ONAP code that runs today.

AT&T demonstrated it at the summit and published Heat templates that install ONAP itself into an
OpenStack cloud.[^onap-heat] Add OpenStack-Helm, and that is a remarkable amount of code for a
telecom of that size to give away.

[^onap-heat]: As far as I know they have only been tested on Rackspace so far; another cloud with
Heat ought to manage, perhaps after some adjustment.
""",
        },
        {
            "session": "opencontrail-user-group",
            "tags": ["opencontrail", "sdn"],
            "body": """
Contrail is Juniper's SDN system, and OpenContrail its open source edition. The user group met at
Fenway Park on Wednesday night.

Randy Bias has just joined Juniper to lead Contrail. If the name is new to you, he is usually
credited with the "pets versus cattle" comparison (not a favourite of mine, though handy), so he
has understood cloud for a long time.

He opened by announcing a complete reboot of the community. Nearly everything he said sounded
right, and overdue. The exception was "open core": I have never seen that model work, though I am
no business person, and it was unclear what he meant by it. We will see. Juniper the company may
not enjoy all of it, but he said what needed saying.

His headline goal was to grow Contrail's installed base ten- or a hundredfold. I think that is
essential. With so few deployments there is too little feedback and too few outside
contributions, and projects with a single vendor behind them seldom thrive. The point is critical
mass, not revenue (though they need that too).
""",
        },
        {
            "session": "massively-distributed-bof",
            "tags": ["edge", "massively-distributed"],
            "body": """
Part of the talk I co-presented was about massively distributed (MD) clouds, and as usual the
names and use cases are a muddle. I sat in several MD sessions this week and most became
confusing fast. Telecoms often know they need MD without knowing what it means, what OpenStack
can already do, what it cannot, and what would take new architecture and, above all, new code.

Four requests kept coming up that I would not call massively distributed:

1. **One enormous data centre.** Possible today; it is simply a big cloud. With 5,000 servers in
   one building, a 0.5% share for the control plane hardly matters. Massive, yes; distributed, no.
2. **A great many separate clouds.** Also possible today. Keeping them in step takes a MANO system
   or similar, and good options are scarce, but it is a question of numbers, not distribution.
3. **Zero-touch provisioning** of many small clouds or devices. Important, but solvable outside
   OpenStack, as a project of its own or perhaps with Ironic. I hope the IoT world is working on
   it, or security will suffer.
4. **A smaller control plane thanks to containers.** Two people were sure that running the control
   plane in Kubernetes or containers shrinks it. It does not: the services still consume
   resources and still need managing.

What I do count as MD is the retail case. Picture a chain such as Walmart with 10,000 stores and a
handful of hypervisors per store, and no wish to run a full, highly available control plane in
each one: a single cloud made of remote hypervisors. Solve that and most related problems (a
smaller control plane, latency) are solved with it, though OpenStack would have to change a great
deal first. Zero touch and the rest still need answers, but they fall into place around it.

The BoF's etherpad holds the notes. The Foundation sent several people to the BoF, among them
Sparky Collier, Jonathan Bryce and Lauren Sell, so it clearly sees MD (or edge, or fog) as central
to OpenStack's future.
""",
        },
        {
            "heading": "The Forum",
            "tags": ["forum", "ptg"],
            "body": """
The big change this time was the Forum. Developers used to fill a whole part of the summit
planning their projects; that now happens at the Project Team Gathering (PTG), a separate event
at another time and place. The first PTG was in Atlanta in February and the next, I believe, is in
Denver. So Boston had fewer developers, and three people told me it felt more businesslike; they
had not known about the Forum, nor how it changed who comes.

I went to many Forum sessions. Nearly all went well, and every discussion was constructive.
""",
        },
        {
            "session": "telecom-nfv-working-group",
            "tags": ["forum", "working-group", "lcoo"],
            "body": """
I chair this working group, which is for people who build and run NFV clouds day to day. The Foundation gave us a room and a slot to meet in person, and our notes
are on the session's etherpad.

My request to everyone present: go home, find colleagues who would fit the group, and tell them
about it. I hope to see new faces next time.

A related group worth knowing is the Large Contributing OpenStack Operators (LCOO), which also has
strong telecom ties. They could have called themselves COOL, for Contributing OpenStack Operators
who are Large, but nobody asked me. I have worked closely with them for a while; they are
welcoming, and they help large companies, mostly telecoms, that want to join the community but
are not yet sure how.

- [ ] Every member: bring one new person from your organisation to the next working group meeting.
""",
        },
    ],
}

TOKYO_TUESDAY = {
    "slug": "tokyo-2015-tuesday-notes",
    "summit": "tokyo-2015",
    "title": "Tokyo 2015, Tuesday: keynotes, OpenStack-Ansible and Neutron plumbing",
    "summary": "Tuesday 27 October in Tokyo: six keynote speakers on interoperability, scale and "
    "partners, a calm OpenStack-Ansible demo, BGP in Neutron, and a packet-by-packet checklist for "
    "a broken Neutron network.",
    "authors": ["jonas-brandt"],
    "tags": ["keynotes", "interoperability", "defcore", "openstack-ansible", "neutron", "bgp", "troubleshooting"],
    "status": "published",
    "publish_at": at(2015, 10, 29, 12),
    "covers_day": TOKYO_TUE,
    "cover": "tokyo-keynote",
    "cover_caption": "Tokyo, Tuesday 27 October 2015: the keynotes began at nine.",
    "introduction": """
My notes from Tuesday 27 October in Tokyo: the morning keynotes speaker by speaker, then the
breakout sessions worth writing down, then a few loose ends.
""",
    "takeaways": """
- Interoperability ran through the whole morning: DefCore on stage, stable APIs from Yahoo Japan,
  and a common baseline in the Liberty announcement.
- The administrator certification arrives in 2016. Plan for it.
- OpenStack-Ansible's disposable containers make a broken service cheap to rebuild.
- BGP at the host edge moves routing decisions to whoever runs the cloud; whether anyone calls that
  SDN matters much less.
- Next time I choose OVN over a generic troubleshooting talk.
""",
    "sections": [
        {
            "session": "tuesday-keynotes",
            "verdict": "watch",
            "tags": ["keynotes", "defcore", "kubernetes", "interoperability"],
            "body": """
Nine o'clock, more than 5,000 attendees from 56 countries. The opening speaker, bursting with
energy, called OpenStack the greatest open source project. Linux might disagree, but second place
is nothing to be ashamed of.

**Egle Sigler** asked everyone to run DevStack: the more it is used, the clearer the picture of
usability it gives DefCore, which benefits everyone. DefCore sets the floor for any product that
calls itself OpenStack (the capabilities it offers, the code it ships and the tests it passes),
defined with the community in order to drive interoperability.

**Lachlan Evenson**, a lively Australian, was about building and shipping fast. He showed a
real-time app on Google technology, containers on OpenStack managed by Kubernetes, a deployment of
about five minutes, and a home-made dashboard with one honeycomb cell per OpenStack project. Then,
from Slack, he had Kubot, a Kubernetes chat bot, scale out a silly game of lasers, fish, boats and
crocodiles. His point: capital spending stays flat while developers respond quickly.

**Takuya Ito** gave Yahoo Japan's cloud in numbers:

| Measure | Value |
|---------|------:|
| Page views a month | 64.99 billion |
| App downloads | over 270 million |
| Services | over 100 |
| Instances | over 50,000 |
| Traffic density against physical | six times |
| Data | 20 PB |
| Clusters | over 20 |
| Racks | 50 to 100 within a year |

He then showed a graph with one sharp spike and asked what it was: data centre load at the moment
an earthquake struck, when people turned to Yahoo's news on tsunamis, volcanoes and weather.

![A line chart that runs flat, then jumps to one tall spike, labelled load during an earthquake]({image:yahoo-quake} "Roughly the shape of Yahoo Japan's load graph when the earthquake struck.")

His themes: operations depend on interoperable, stable APIs, because they give one consistent
abstraction over the infrastructure; backwards compatibility is hard and pays off. His
"Continuous Data Centre Lifecycle" means adopting new infrastructure technology aggressively,
which only works where the culture forgives failed attempts and fixes problems fast. Then IT can
deliver what people need instead of what a budget-bound technical limit permits. Why OpenStack?
The community, and technology that keeps evolving, run the DevOps way with fast failure. The
infrastructure, as he put it, is there for people.

**Erica Brescia** of Bitnami declared the manual dead; some customers still wanted to send their
onboarding details by fax, which she called 1940s technology. Enterprises want finished,
operable technology, and that means partnering and a curated library of standard images. Murano
and Heat are promising but still need content. She also talked about "banishing the shadow
cloud": stopping staff from slipping away to public cloud, and around compliance, sometimes legal
compliance, when they are desperate. A strong speaker with real presence.

**Imad Sousou** described the innovation centre Intel runs with Rackspace, the largest upstream
OpenStack engineering team, where engineers' output is tied to Foundation working groups. Intel is
also working with Mirantis on enterprise readiness; measured against VMware's high bar, OpenStack
still needs simpler provisioning and operation. Supermicro has signed up for two Intel
partnerships, "enterprise in a box" and an "OpenStack enabled box". For carrier-grade OpenStack,
Red Hat is now part of Intel's Network Builders Fast Track programme, whose three pillars are
optimisation, integration and interoperability.

**Jonathan Bryce** presented Liberty, the twelfth release, and the common baseline of DefCore and
interoperability. Technologies begin as experiments and the survivors mature, he said, and
quadrant charts placed each project by maturity and adoption; the oldest, Swift, is about five
years old. The administrator certification comes in 2016, taken online and built by several
parties. I had hoped for exactly that: education is what builds awareness and confidence. Kilo's
federated identity now ships in partners' products, a good example of community work flowing
downstream.
""",
        },
        {
            "session": "deploying-with-openstack-ansible",
            "verdict": "recommended",
            "tags": ["openstack-ansible", "deployment", "containers"],
            "body": """
Miguel Grinberg, known for his blog and his O'Reilly book on Flask, presented OpenStack-Ansible
(OSA, formerly OSAD), entirely at ease with the audience. He ran a prepared install of OpenStack
with OSA, and it was impressive. OSA gives each OpenStack component its own container and does the
hard parts for you: break something while developing, throw the container away, and OSA rebuilds
that component so you can try again.

He finished with a link to a terminal recording of the whole install, his bash comments (`#`)
left in to explain each step. Considerate, as always.
""",
        },
        {
            "session": "bgp-in-neutron",
            "tags": ["bgp", "neutron", "sdn"],
            "body": """
BGP is a dependable way to carry NLRI, and virtual routing uses it more and more; Project Calico
reaches the same goal its own way. This afternoon session covered several ways to use BGP with
Neutron, most of them about keeping track of hosts in a network built from summarised subnets,
which is what lets it scale.

Host routes are old news: Cisco's OTV, Juniper's EoMPLS with VRRP, or any layer 2 technology
paired with a layer 3 gateway redundancy protocol have done it for years. What changes when the
virtual guests' access layer speaks BGP is where the intelligence sits: in a layer the cloud team
can configure easily, instead of top-of-rack switches owned by a separate networking silo.

Some will call that SDN. It is Linux thinking applied to networking; being automatable does not
make something SDN.
""",
        },
        {
            "session": "troubleshooting-neutron",
            "verdict": "skip",
            "tags": ["neutron", "troubleshooting", "ovn"],
            "body": """
I chose this over Ben Pfaff's session on OVN, and got it wrong. The method comes down to following
the traffic hop by hop:

1. Are packets leaving the instance?
2. Are they crossing the veth interfaces?
3. Are they crossing the tap interfaces?
4. Is the Linux bridge doing its job?
5. Does Open vSwitch have the right forwarding rules for this kind of traffic?

In short: check every interface and bridge between source and destination. Wireshark helps, as do
the verbose (`-v`) options of the Linux tools; the bash shell is the real instrument, and you need
to understand what you are doing with it.

Follow-up: watch the recording of Ben Pfaff's OVN talk that I skipped.
""",
        },
        {
            "heading": "Tuesday notes",
            "day": TOKYO_TUE,
            "tags": ["community"],
            "body": """
- Thanks to Rob Sherwood, who did not mind being cornered for a long hallway conversation.
- The OpenStack Project Navigator is worth a bookmark: https://www.openstack.org/software/project-navigator
- People keep calling OpenStack young. That only prolongs the idea that it is new, and it is not,
  any more. There is a skills gap in provisioning and day-to-day use, but "it is new" has worn thin
  as an excuse.

![A card reading The comedy shot, standing in for a joke photo from the day]({image:tokyo-comedy} "The day's obligatory comedy shot.")
""",
        },
    ],
}

HONG_KONG = {
    "slug": "hong-kong-2013-ha-storage-deployment",
    "summit": "hong-kong-2013",
    "title": "Hong Kong 2013: our first design summit, on HA, storage and deployment",
    "summary": "Our first design summit: how design sessions work, twenty-two sessions across "
    "deployment, high availability and storage, Pacemaker still the answer, Ceph everywhere and "
    "Ironic with a long to-do list.",
    "authors": ["kit-moreland", "sanne-vos"],
    "tags": ["high-availability", "ceph", "tripleo", "ironic", "storage", "deployment", "design-summit"],
    "status": "published",
    "publish_at": at(2013, 11, 14, 10),
    "introduction": """
Regurgitator's 1996 song "Kong Foo Sing" opens with a line about the happiness a Kong Foo Sing
fortune cookie brings. One evening in Hong Kong we agreed that the modern equivalent is a local SIM
card: it turns out we cannot live without mobile data.

We went with five other SUSE engineers, all working on SUSE Cloud, the company's OpenStack product
(they are listed above). It was a first design summit for both of us. Kit has spent years on high
availability and storage, and Sanne on porting Crowbar to SUSE and making it scale, so we divided
the week three ways, HA, storage and deployment: Kit wrote up HA and storage, Sanne
deployment.
""",
    "takeaways": """
- Pacemaker for everything is still a sound HA design, with Galera for MySQL.
- Ceph keeps turning up as the single back end for images, volumes and objects.
- Ironic has a long to-do list: ramdisks, firmware, RAID, resilience.

If you have read this far and never been to a summit: Atlanta is six months away and Paris a year.
We do not know yet whether we will be there, but you will almost certainly enjoy it.
""",
    "sections": [
        {
            "heading": "The booth, and a first ATC",
            "author": "sanne-vos",
            "tags": ["suse", "tripleo"],
            "body": """
SUSE also had a booth, staffed by colleagues, with a claw machine full of plush Geekos. I failed
to win one. My hands are evidently clumsier than my code: a few openSUSE-related commits to
TripleO did make me an ATC (Active Technical Contributor). Forgive the bragging.
""",
        },
        {
            "session": "design-summit-101",
            "author": "sanne-vos",
            "verdict": "recommended",
            "tags": ["design-summit"],
            "body": """
As first-timers we started here, to learn the format. The summit has two halves: general sessions
for everyone, and design sessions where developers work out what the next release needs. Vendor
booths fill the main hall.

A design session puts a group of people, a moderator and an etherpad on the projector (anyone may
edit it) in one room, and the topic is argued out in roughly forty minutes. It works well. In
every session we went to, whoever had something to contribute was heard, people were polite, and
input and newcomers were welcome.
""",
        },
        {
            "session": "evaluation-of-deployment-frameworks",
            "author": "sanne-vos",
            "verdict": "recommended",
            "tags": ["deployment", "crowbar"],
            "body": """
Two Symantec engineers described how they tested Crowbar, Foreman, Fuel, Juju with MAAS and
Rackspace Private Cloud against their own requirements. None was perfect; Crowbar 1.6 came
closest to what they needed.
""",
        },
        {
            "session": "it-not-just-an-unicorn",
            "author": "sanne-vos",
            "tags": ["deployment", "upgrades"],
            "body": """
How eNovance upgrades its public cloud: automate everything, then test and test again. Binaries
are updated by rsyncing trees prepared in advance, and because everything sits in revision
control, any step can go backwards or forwards. Thorough work for their setup; I doubt the
technique carries over to clouds in general.
""",
        },
        {
            "session": "compass-deployment-system",
            "author": "sanne-vos",
            "tags": ["deployment", "chef"],
            "body": """
Huawei's deployment system; the code is due out under the Apache 2.0 licence "soon" (the end of
November, we were told). It layers on Chef, and other configuration tools plug in as modules.
Seen from high enough up, it resembles Crowbar.
""",
        },
        {
            "session": "ha-update-havana-and-icehouse",
            "author": "kit-moreland",
            "verdict": "recommended",
            "tags": ["high-availability", "pacemaker", "galera"],
            "body": """
I sat in the front row in my STONITH Deathmatch t-shirt, doing my best to look menacing. With
apologies to Florian and Syed for boiling their talk down this far:

| Component | Advice |
|-----------|--------|
| MySQL | Galera |
| RabbitMQ | Pacemaker: mirrored queues still lose consistency |
| Neutron L3 agent | Pacemaker: only one may run |
| Storage | Ceph for everything |

Since some services need Pacemaker anyway, running everything under it remains a perfectly
sensible choice. HAProxy is excellent at balancing load but no help for a service that is
active/passive by nature.
""",
        },
        {
            "session": "database-clusters-as-a-service",
            "author": "kit-moreland",
            "tags": ["high-availability", "mysql", "galera"],
            "body": """
MySQL and its relatives MariaDB and Percona, with Galera and its variants: which combinations
Rackspace, HP Cloud and Amazon support, and what to weigh when deploying them, including
replication between data centres.
""",
        },
        {
            "session": "encrypted-block-storage",
            "author": "kit-moreland",
            "verdict": "recommended",
            "tags": ["storage", "encryption"],
            "body": """
Neat. Encryption happens on the compute host with dm-crypt, so data is encrypted both in the volume
store and on the wire between storage and host. Work remains, naturally: today it relies on one
static key, and Barbican is meant to handle keys later.
""",
        },
        {
            "session": "swift-drive-workloads-kinetic",
            "author": "kit-moreland",
            "tags": ["storage", "swift", "kinetic"],
            "body": """
I had to leave early. Seagate now sells disks, and enclosures for them, that show up on Ethernet
as key/value stores rather than block devices. The aim is to strip out much of the storage stack
and gain speed.
""",
        },
        {
            "session": "ceph-de-facto-storage-backend",
            "author": "kit-moreland",
            "tags": ["ceph", "storage"],
            "body": """
Scheduled straight after the GlusterFS talk, as was bound to happen. Glance, Cinder and object
storage all live on one Ceph cluster, and with KVM this option boots every instance directly from
Ceph:

```ini
libvirt_image_type = rbd
```

The perfect stack? Nearly. Glance images are still copied more often than necessary (a patch
for that exists somewhere), and snapshot integration needs more work.

Follow-up: find the Glance image-copy patch and follow it through review.
""",
        },
        {
            "session": "sheepdog-all-in-one-storage",
            "author": "kit-moreland",
            "tags": ["storage", "sheepdog"],
            "body": """
Everybody, it seems, now has an all-in-one storage offering for OpenStack. Sheepdog was new to me. It
assumes little about the kernel and file system beneath it yet scales to thousands of nodes, and
it is said to be quick and small: under 50 MB of memory and only about 35,000 lines of C.
""",
        },
        {
            "heading": "Between the sessions",
            "author": "kit-moreland",
            "tags": ["community"],
            "body": """
Around all of this came conversations, meals and drinks: with colleagues, with occasional partners
in crime, with old conference friends, and with a crop of delightful, now and then slightly mad,
new acquaintances.
""",
        },
    ],
    "attended": [
        {
            "session": "tripleo-ha-production-configuration",
            "author": "sanne-vos",
            "note": "Which parts of OpenStack TripleO has to deploy highly available; a week would not have been enough.",
        },
        {
            "session": "stable-branch-update-futures",
            "author": "sanne-vos",
            "note": "Updating the images built for TripleO.",
        },
        {"session": "roundtable-deploying-upgrading", "author": "sanne-vos"},
        {
            "session": "bare-metal-provisioning-service",
            "author": "sanne-vos",
            "note": "A much clearer picture of Ironic.",
        },
        {
            "session": "road-to-live-upgrades",
            "author": "sanne-vos",
            "note": "The plan includes a live upgrade test that gates every commit.",
        },
        {
            "session": "ironic-hardware-management-ramdisk",
            "author": "sanne-vos",
            "note": "Ironic needs ramdisks that update firmware, configure RAID and more: plenty to do.",
        },
        {
            "session": "ironic-firmware-updates",
            "author": "sanne-vos",
            "note": "Carried straight on from the ramdisk session.",
        },
        {
            "session": "making-ironic-resilient",
            "author": "sanne-vos",
            "note": "What should Ironic do when its TFTP or PXE server vanishes?",
        },
        {
            "session": "ha-private-cloud-lessons",
            "author": "kit-moreland",
            "note": "Ceph for all storage and four separate Pacemaker clusters; compute grows by adding nodes.",
        },
        {
            "session": "glusterfs-real-world",
            "author": "kit-moreland",
            "note": "The project's history, its parts, and how it now offers all-in-one storage for OpenStack.",
        },
        {
            "session": "ceph-integration-unconference",
            "author": "kit-moreland",
            "note": "Collecting ideas for tighter Ceph integration in OpenStack.",
        },
        {
            "session": "culture-code-community-conway",
            "author": "kit-moreland",
            "note": "Near the end, on the last day, I remarked that everyone here is alarmingly happy: odd, and good.",
        },
    ],
    "attendees": [
        {"name": name, "affiliation": "SUSE"}
        for name in ["Ralf Haferkamp", "Michal Jura", "Dirk Müller", "Vincent Untz", "Bernhard Wiedemann"]
    ],
}

SYDNEY = {
    "slug": "sydney-2017-ceph-has-won",
    "summit": "sydney-2017",
    "title": "Sydney 2017: Ceph has won, and other notes from the storage and networking rooms",
    "summary": "What a research-cloud team learned in Sydney: Ceph has won but has no QoS, Manila and "
    "CephFS could replace home-grown file sharing, Neutron's legacy routing is safe, and Cells v2 is "
    "coming for every Nova deployment.",
    "authors": ["dara-quinn"],
    "tags": ["ceph", "cephfs", "manila", "neutron", "cells-v2", "openshift", "storage", "networking"],
    "status": "published",
    "publish_at": at(2017, 11, 15, 9),
    "cover": "harbour-bridge",
    "cover_caption": "Sydney, between sessions.",
    "introduction": """
Andrew and I spent Sydney in the storage and networking rooms. That was deliberate: those are the
areas where our hardest open problems are, and where OpenStack has changed fastest over the last
six releases. These are my notes, keynotes first; where Andrew heard the same thing elsewhere, I
say so.
""",
    "takeaways": """
- **OpenShift is winning** its space.
- For me the week paid off: I could ask developers from Neutron, Ceph and Cinder pointed
  questions, about roadmaps especially, that no documentation answers.
- Developers and operators mixed well, with onboarding for new contributors next to sessions that
  were purely about running at scale. Well organised, and dense with good material.
- We *need* a way to keep coming to these. Andrew came away thinking the same.
""",
    "sections": [
        {
            "session": "monday-keynotes",
            "tags": ["keynotes", "kubernetes", "ironic", "zuul"],
            "body": """
- Allison Randal was a highlight, and https://allisonrandal.com/ is worth a visit. Calling
  OpenStack's components "programmable infrastructure" fitted well.
- AT&T stacks it three deep: a thin OpenStack, there mostly so Ironic can manage the bare metal;
  Kubernetes on that hardware, running a full customer-facing OpenStack in containers with
  Kubernetes' own rolling deploys (via OpenStack-Helm); and instances of that OpenStack that may
  run Kubernetes or another container platform in turn. Turtles all the way down, and AT&T is not
  alone in doing it. Layering OpenStack and Kubernetes came up again and again this year.
- Ironic is the big winner of the last six to twelve months: adoption among surveyed users went
  from 9% to 20%. It has gone from something you bent to fit your case to a common way to deploy
  all hardware, including the hardware under OpenStack clouds. Interesting for us, since Ironic
  is on our roadmap for the PN age.[^pn]
- Zuul v3 is now presented as a community part of the OpenStack ecosystem, with the remark that,
  being released, it can finally be used by other people. Laugh or cry?
- The Foundation sees its own role as an integration engine for the whole stack.

[^pn]: PN: post-Neutron, our shorthand for the time after our move to Neutron.
""",
        },
        {
            "heading": "Ceph has won",
            "day": SYDNEY_MON,
            "tags": ["ceph", "cinder", "qos"],
            "body": """
Written in capitals in my notebook on day one: **Ceph has won. It's over.** By my count Cinder
has more than twenty back ends, mostly proprietary, and even those vendors are now working out how
to sit nicely beside Ceph as non-commodity raw capacity.

It is not a clean sweep. Ceph is big and complicated, does not fit every case, and has no native
QoS controls or management yet. Andrew and I each heard that admitted, in different rooms and
conversations. The workaround I saw ties flavours to cgroup IOPS limits on each host; it needs
several things we do not have yet and shares many weaknesses of our current crude tc scheme for
NFS. It is on the Ceph developers' roadmap, and clearly on their minds.
""",
        },
        {
            "session": "openstack-passports",
            "tags": ["community", "public-cloud"],
            "body": """
https://www.openstack.org/passport gets you trial credentials on every participating public cloud
that runs OpenStack. I am curious to see how each provider has put its own stamp on the same
upstream software.
""",
        },
        {
            "session": "cephfs-now-fully-awesome",
            "verdict": "recommended",
            "tags": ["cephfs", "manila", "nfs"],
            "body": """
Manila manages shared file servers over several back ends, NFS among them and now CephFS too. In
theory the two together could one day replace some of our home-grown tools, and Manila could even
run over the NFS we already have. It might also give us nicer ways to deploy and manage shares,
for example exposing them to guests at the host level, with flavour limits and quotas attached.

CephFS looks superb. I stay sceptical: new Ceph features have tended to peak in popularity long
before they peak in maturity.

Follow-up: evaluate Manila (on our existing NFS first, CephFS later) as a replacement for our
home-grown share tooling.
""",
        },
        {
            "session": "status-of-ceph-file-system",
            "tags": ["cephfs", "ceph"],
            "body": """
More CephFS. It is new and it is here; it works with Manila, and Ceph can now be the back end for
Glance, Cinder, Nova (yes, Nova) and Manila.
""",
        },
        {
            "session": "how-does-neutron-do-that",
            "verdict": "watch",
            "tags": ["neutron", "linux-networking"],
            "body": """
A misleading title: we never touched Neutron and saw none of its internals. What we got was a
decent hands-on tour of the parts underneath it, namespaces, veth interfaces and Linux bridges,
and I learned a few things. It doubled as a pitch for Rackspace training, and it filled ninety
minutes with thirty minutes of material.
""",
        },
        {
            "session": "dos-and-donts-ceph-openstack",
            "verdict": "watch",
            "tags": ["ceph", "cinder", "qos", "lvm"],
            "body": """
At last a speaker took on our exact problem: one tenant's heavy I/O hurting the others. The reason
I never found Ceph's QoS feature is that it does not exist. The workarounds he described were
generic; they will not work for us today but might in a later deployment. Much of the session was
configuration pitfalls, when to keep the defaults and when not to, and when Ceph is the right tool
at all. Plenty of it was too detailed for where we are with Ceph (nowhere yet), but it gave us
something to chew on.

He also revisited the old rule that fast network storage beats local I/O tenfold, and how that
has held up as local storage got faster. Then, ironically, he spent a while on when *not* to use
Ceph and to allocate LVM volumes on the compute node instead. That convinced me: we should do
this with Cinder even without Ceph. Cinder volume types can define per-host QoS profiles, given
the right I/O scheduler and the rest.

Cinder back ends in the user survey:

| Back end | Deployments |
|----------|------------:|
| Ceph RBD | 65% |
| LVM | 24% |
| NFS | 11% (so we are not alone) |

- [ ] Watch this recording again before we start a trial Ceph deployment.
- [ ] Try per-host QoS profiles through Cinder volume types on local LVM, with no Ceph involved.
""",
        },
        {
            "session": "kubernetes-on-openstack",
            "verdict": "skip",
            "tags": ["kubernetes", "security", "lbaas"],
            "body": """
Mostly about the cloud provider integrations on the Kubernetes side, none of which we use and few
of which interest us now. One idea could pay off later: Neutron LBaaS instead of Kubernetes' own
cloud-agnostic load balancing. The provider integration assumes a lot, though most of it we could
work around fairly easily.

He also touched on container security, especially customers whose containers share bare metal,
and his advice is funny given how we run things: one Kubernetes deployment for each hostile
tenant.

Follow-up: estimate what Neutron LBaaS would take off our ingress problem.
""",
        },
        {
            "session": "neutron-to-neutron-routing",
            "tags": ["neutron", "bgp", "bgpvpn"],
            "body": """
Essentially a case for BGP VPNs between otherwise unrelated Neutron L3 deployments. Very relevant
to us. He covered how unclear the choice between cells v2, regions and other strategies is, and
went through a few options without surprises. It assumes a high-trust network where nothing like
IPsec is needed. Reference: https://docs.openstack.org/networking-bgpvpn/latest/
""",
        },
        {
            "session": "inside-neutron-routing",
            "verdict": "recommended",
            "tags": ["neutron", "routing", "namespaces"],
            "body": """
Given by one of Neutron's early leaders, from the days when it was still called Quantum. Neutron
began as a test harness; it gained enough features that people ran it in production, which
explains its chaotic early years. It has changed enormously since, as use cases became clearer
and through almost entirely organic growth. One example: since Ocata there is no metadata server
per namespace, only haproxy in front of a single one.

Neutron isolates tenants with network namespaces and nothing else. Nobody said so, but that means
every tenant's processes share one global process space. I have not found a way to exploit that,
but it could have interesting effects.

Our topology is the one Neutron calls "legacy", so at the end I asked whether the name meant it
would be dropped one day. The speaker and the Neutron subcommittee's chair, seated just ahead of
me, both said no: nobody is even discussing it, and removing it would cause a riot. That answer
alone justified the session.

Much current work is OpenFlow integration with OVN, MidoNet, OpenDaylight and OpenContrail.
Neutron has no single right answer to any problem; it is flexible enough to let you shoot yourself
in the foot, and every design trades operational complexity against data path efficiency. No big
revelation, which is good news: Neutron has dropped some of the assumptions of Mitaka and
earlier, but our thinking is broadly right.

Follow-up: check whether the shared process space behind namespace-only isolation matters for our
tenants.
""",
        },
        {
            "session": "make-storage-vendors-squirm",
            "verdict": "recommended",
            "tags": ["storage", "benchmarking"],
            "body": """
A demonstration of how latency and throughput interact: a given payload at a given latency can
only ever show a certain throughput, which indicts the test method, not the storage system. Do
not trust caching in demos, ask what the fancy features cost in I/O, and raise backups early. His
summary: storage benchmarks are mostly lies.

Afterwards I asked him about the problem before that one: profiling the load you have, so you
know what to ask a vendor for. I struggle with old systems that
need replacing: how much load do they really carry? I have relied on anecdotal patterns and a
fair amount of guesswork. He agreed
that is about the only approach. There is no established way to measure a running system's
profile, and the problem is hard and crosses vendors and disciplines, so nobody wants to take it
on. Reassuring and tiring in equal measure. Nice man, talked at speed, clearly loves storage.
""",
        },
        {
            "session": "openshift-on-openstack",
            "verdict": "recommended",
            "tags": ["openshift", "kuryr", "kubernetes"],
            "body": """
Based on the Massachusetts Open Cloud at Boston University
(https://massopen.cloud/), and I
went for obvious reasons. Mostly a Red Hat feature pitch, given by a Red Hat engineer who knew the
product thoroughly, with example use cases mixed in.

What I learned: OpenShift's functions-as-a-service is settling on OpenWhisk. Kuryr, an
integration project on its way, will connect OpenShift (and plain Kubernetes) to Neutron directly,
avoiding flannel and overlays in general, and in some cases the madness of VXLAN inside VXLAN.
That has been on my mind.

Their setup matches ours so closely, in approach and in deployment, that we could have given the
same talk.

Afterwards I talked to Robert, who was there for Boston University, and he cleared up a few
points:

- It only went live during the summer and has seen mostly light use; a large 300-person use
  case was planned and never happened.
- They have excellent open data partnerships with MIT.

OpenShift is the only mature option in its space right now. Red Hat is winning partly by luck:
the project is well run, and the alternatives were bought up and mismanaged, as far as I can
tell. Credit to them.

Follow-up: contact Robert at Boston University in six months and ask whether they still rate
OpenShift as highly.
""",
        },
        {
            "session": "move-to-cells-v2",
            "verdict": "recommended",
            "tags": ["cells-v2", "nova", "scaling", "neutron"],
            "body": """
A sequel to a Boston talk from six months earlier, which I have not seen.

Since Ocata, Nova splits its data across several databases and every deployment is a cells
deployment, even with nothing but the implicit cell0. Everyone moves to cells v2 whether they
planned to or not.

![Diagram: an API layer above three cells, each with its own database, queue and compute nodes]({image:cells-v2} "Cells v2 as presented: one API above cells that each keep their own database, queue and compute nodes.")

A cell is, roughly, its own nova-api instance, database, message queue (RabbitMQ) and farm of
compute nodes. Reasons to split one off:

- the message queue is melting under load;
- to isolate failure domains;
- to retire a cell's worth of compute.

Clustering RabbitMQ, and RabbitMQ under load, remain hard. Gaps that remain through Pike:

- instances cannot move from one cell to another;
- listing and sorting give odd results;
- the scheduler never retries;
- anti-affinity is broken.

Three of the four should be fixed in Queens, and the speakers asked for more engaged users,
especially at scale.

My summary, since cells v2 was hard for me to reason about before: cells are purely a way to shard
Nova and know nothing about Neutron's topology. Examples often suggest a link between scaling
Neutron and cells, but that comes from how the operator drew it. Newer Neutron offers routed
network segments, which can be matched to cells for layer 3 segmentation, yet the two are managed
separately in the control plane. Nova and Neutron scale independently, like ships passing in the
night, and few examples deal with that well, so this was a useful primer.

- [ ] Track down the recording of the Boston talk this one followed.
- [ ] Study Neutron routed network segments properly; they are not available in Mitaka, which we run.
""",
        },
    ],
    "attendees": [{"name": "Andrew"}],
}

VANCOUVER_DRAFT = {
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
    "sections": [
        {"session": "edge-computing-keynote", "tags": ["edge"], "body": "Notes to follow."},
    ],
}

BOSTON_FORUM_REVIEW = {
    "slug": "boston-2017-forum-sessions",
    "summit": "boston-2017",
    "title": "The first Forum: how Boston replaced the design summit",
    "summary": "Waiting for an editor: what changed now that developers meet at the PTG.",
    "authors": ["owen-calloway"],
    "tags": ["forum", "ptg"],
    "status": "review",
    "publish_at": None,
    "introduction": "Developers now plan each release at the Project Team Gathering, so Boston had fewer "
    "of them and more operators, and the Forum took the design summit's place.",
    "takeaways": "",
    "sections": [
        {
            "session": "ha-fishbowl",
            "tags": ["forum"],
            "body": "A second look at the HA fishbowl, this time for what it shows about the Forum format.",
        },
    ],
}

# The coverage board of Boston 2017: the team, and what each of them planned before the week.
# The seed reports give no times; these few slots are illustrative, so that the board has slots
# to group and one clash to show (Owen planned two sessions that overlap on Wednesday).
COVERAGE_BOARD = {
    "summit": "boston-2017",
    "team": ["editor", "priya", "owen"],
    "times": {
        "immutable-control-plane-paddy-power-betfair": (time(9, 50), time(10, 30)),
        "oslo-messaging-rabbitmq-stability": (time(11, 0), time(11, 40)),
        "hadoop-with-heat": (time(11, 0), time(11, 40)),
        "scaling-to-5000-nodes": (time(11, 50), time(12, 30)),
        "being-a-ptl-panel": (time(14, 0), time(14, 40)),
    },
    "plans": [
        ("owen", "immutable-control-plane-paddy-power-betfair", "write"),
        ("owen", "oslo-messaging-rabbitmq-stability", "write"),
        ("owen", "hadoop-with-heat", "attend"),
        ("owen", "scaling-to-5000-nodes", "write"),
        ("owen", "opencontrail-user-group", "write"),
        ("priya", "openstack-helm", "write"),
        ("priya", "onap-from-ecomp", "write"),
        ("priya", "massively-distributed-bof", "write"),
        ("priya", "opencontrail-user-group", "write"),
        ("priya", "nirvana-stack", "attend"),
        ("priya", "telecom-nfv-working-group", "attend"),
        ("editor", "being-a-ptl-panel", "attend"),
    ],
}

# Follow-ups an editor has since marked done (they stay listed, as done).
DONE_FOLLOW_UPS = [("editor", "watch the recording of Ben Pfaff's OVN talk that I skipped.")]

REPORTS = [BOSTON_DIARY, BOSTON_NFV, TOKYO_TUESDAY, HONG_KONG, SYDNEY, VANCOUVER_DRAFT, BOSTON_FORUM_REVIEW]
