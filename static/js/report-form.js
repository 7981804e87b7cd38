/* The report form's writing tools (templates/admin/reports/report/change_form.html).
 *
 * Autosave (to the server every few seconds and when the page is left, with a copy in this
 * browser for when the session has expired) and its restore; proposals loaded into the form;
 * a warning before leaving unsaved changes; a live preview, a formatting toolbar and image
 * drop/paste for every Markdown field; session pickers limited to the report's summit; section
 * reordering by keyboard and folding; tag suggestions; the browser's time zone for the admin.
 *
 * Plain JavaScript, no build step. The Content-Security-Policy forbids inline styles in HTML,
 * so nothing here writes a style attribute into markup: layout is in static/css/admin.css.
 * django.jQuery is used only where the admin's select2 widgets need it.
 */
'use strict';
(() => {
    // -- Time zone: the admin shows and reads times in the browser's zone (the `tz` cookie) -----

    const ZONE_COOKIE = 'tz';
    const browserZone = (() => {
        try {
            return Intl.DateTimeFormat().resolvedOptions().timeZone || '';
        } catch (error) {
            return '';
        }
    })();

    function readCookie(name) {
        for (const part of document.cookie.split(';')) {
            const [key, ...rest] = part.trim().split('=');
            if (key === name) {
                return rest.join('=');
            }
        }
        return '';
    }

    function setZoneCookie() {
        const secure = location.protocol === 'https:' ? '; Secure' : '';
        document.cookie = `${ZONE_COOKIE}=${browserZone}; path=/admin/; max-age=31536000; SameSite=Lax${secure}`;
    }

    /** The page's times are shown in the zone the server used for it: its UTC offset now. */
    function pageOffsetSeconds() {
        const offset = Number(document.body && document.body.dataset.adminUtcOffset);
        return Number.isFinite(offset) ? offset : null;
    }

    function timesShown() {
        const inputs = document.querySelectorAll('.field-publish_at input');
        if ([...inputs].some((input) => input.value.trim())) {
            return true;
        }
        const readonly = document.querySelector('.field-publish_at .readonly');
        return Boolean(readonly && readonly.textContent.trim() && readonly.textContent.trim() !== '-');
    }

    /** Returns true when the page is being reloaded to show its times in the browser's zone. */
    function applyBrowserZone() {
        if (!/^[A-Za-z0-9_+\-/]{1,64}$/.test(browserZone) || readCookie(ZONE_COOKIE) === browserZone) {
            return false;
        }
        const browserOffset = -new Date().getTimezoneOffset() * 60;
        const zoneMatters = timesShown() || pageOffsetSeconds() !== browserOffset;
        if (!zoneMatters) {
            setZoneCookie(); // nothing on this page depends on the zone: what is typed is read in the new one
            return false;
        }
        // A page answering a POST (a form shown with its errors) is never reloaded: that would
        // post it again. Its times stay in the server's zone, and so does the cookie until a
        // page can be reloaded, so that what the form sends back is read as it was shown.
        const answeredPost = document.querySelector('.errornote, .errorlist, .merge-report');
        const guardKey = 'summitblog.tz-reloaded';
        let reloadedFor = '';
        try {
            reloadedFor = sessionStorage.getItem(guardKey) || '';
        } catch (error) {
            reloadedFor = browserZone; // no storage: never risk a reload loop
        }
        if (answeredPost || reloadedFor === browserZone) {
            return false;
        }
        setZoneCookie();
        if (readCookie(ZONE_COOKIE) !== browserZone) {
            return false; // cookies refused
        }
        try {
            sessionStorage.setItem(guardKey, browserZone);
        } catch (error) {
            return false;
        }
        location.reload();
        return true;
    }

    if (applyBrowserZone()) {
        return;
    }

    const configElement = document.getElementById('report-form-config');
    const form = document.getElementById('report_form');
    if (!configElement || !form) {
        return;
    }
    const config = JSON.parse(configElement.textContent);
    const $ = window.django && window.django.jQuery;
    let uid = 0;
    const nextId = (stem) => `rf-${stem}-${++uid}`;

    function element(tag, attributes = {}, ...children) {
        const node = document.createElement(tag);
        for (const [name, value] of Object.entries(attributes)) {
            if (value === null || value === undefined || value === false) {
                continue;
            }
            if (name === 'className') {
                node.className = value;
            } else if (name === 'text') {
                node.textContent = value;
            } else if (name.startsWith('on')) {
                node.addEventListener(name.slice(2), value);
            } else {
                node.setAttribute(name, value === true ? '' : value);
            }
        }
        for (const child of children) {
            if (child !== null && child !== undefined) {
                node.append(child);
            }
        }
        return node;
    }

    function csrfToken() {
        const input = form.querySelector('input[name=csrfmiddlewaretoken]');
        return input ? input.value : '';
    }

    /** A POST of `fields` (an object or FormData) with the form's CSRF token, as a form would. */
    function post(url, fields) {
        const body = fields instanceof FormData ? fields : new FormData();
        if (!(fields instanceof FormData)) {
            for (const [name, value] of Object.entries(fields)) {
                body.append(name, value);
            }
        }
        if (!body.has('csrfmiddlewaretoken')) {
            body.append('csrfmiddlewaretoken', csrfToken());
        }
        return fetch(url, {method: 'POST', body, credentials: 'same-origin', redirect: 'manual'});
    }

    /** A redirect (to the login page) or a 403 (a CSRF token from before a new sign-in). */
    const signedOut = (response) => response.type === 'opaqueredirect' || response.status === 403 ||
        (response.status >= 300 && response.status < 400);

    async function errorOf(response, fallback) {
        try {
            const answer = await response.json();
            return answer.error || fallback;
        } catch (error) {
            return fallback;
        }
    }

    function formatWhen(iso) {
        const date = new Date(iso);
        if (Number.isNaN(date.getTime())) {
            return iso;
        }
        return date.toLocaleString(undefined, {dateStyle: 'medium', timeStyle: 'short'});
    }

    function ago(date) {
        const seconds = Math.round((Date.now() - date.getTime()) / 1000);
        if (seconds < 45) {
            return 'a moment ago';
        }
        const relative = new Intl.RelativeTimeFormat(undefined, {numeric: 'auto'});
        if (seconds < 3600) {
            return relative.format(-Math.round(seconds / 60), 'minute');
        }
        if (seconds < 86400) {
            return relative.format(-Math.round(seconds / 3600), 'hour');
        }
        return relative.format(-Math.round(seconds / 86400), 'day');
    }

    function timeElement(iso) {
        return element('time', {datetime: iso, text: `${formatWhen(iso)} (${ago(new Date(iso))})`});
    }

    // -- The form's values, as a submit would send them ------------------------------------------

    const MANAGEMENT = /-(TOTAL_FORMS|INITIAL_FORMS|MIN_NUM_FORMS|MAX_NUM_FORMS)$/;

    function isTemplateName(name) {
        return name.includes('__prefix__');
    }

    /** {name: [values]} of everything a submit would send except files (and the empty forms). */
    function formValues() {
        const values = {};
        for (const [name, value] of new FormData(form)) {
            if (value instanceof File || isTemplateName(name)) {
                continue;
            }
            (values[name] ||= []).push(value);
        }
        return values;
    }

    /** The text of each chosen option of the form's selects, so that a restore can recreate it. */
    function formLabels() {
        const labels = {};
        for (const select of form.querySelectorAll('select[name]')) {
            if (isTemplateName(select.name) || select.disabled) {
                continue;
            }
            const chosen = [...select.selectedOptions].filter((option) => option.value !== '');
            if (chosen.length) {
                labels[select.name] = select.multiple
                    ? chosen.map((option) => option.text.trim())
                    : chosen[0].text.trim();
            }
        }
        return labels;
    }

    /** Fields a restore fills in: what the person chose or typed, not the form's bookkeeping. */
    function restorable(field) {
        const name = field.name;
        if (!name || isTemplateName(name) || MANAGEMENT.test(name) || field.disabled) {
            return false;
        }
        if (name === 'csrfmiddlewaretoken' || name === 'applied_proposal' || /(^|-)loaded_version$/.test(name)) {
            return false;
        }
        if (['file', 'submit', 'button', 'reset', 'image'].includes(field.type) || field.tagName === 'BUTTON') {
            return false;
        }
        if (field.type === 'hidden') {
            return field.classList.contains('_reorder_'); // the sections' order; not ids or foreign keys
        }
        return field.tagName !== 'FIELDSET' && field.tagName !== 'OUTPUT';
    }

    function restorableNames() {
        return new Set([...form.elements].filter(restorable).map((field) => field.name));
    }

    /** Whether `data` would change any restorable field of the form as it is now. */
    function differsFromForm(data) {
        const current = formValues();
        const names = restorableNames();
        const same = (a, b) => JSON.stringify(a || []) === JSON.stringify(b || []);
        return Object.keys(data).some((name) => {
            if (isTemplateName(name) || MANAGEMENT.test(name)) {
                return false;
            }
            if (names.has(name)) {
                return !same(data[name], current[name]);
            }
            return /^[\w]+-\d+-/.test(name) && (data[name] || []).some((value) => value.trim() !== '');
        });
    }

    function inlineGroups() {
        return [...form.querySelectorAll('.js-inline-admin-formset')].map((group) => {
            let prefix = '';
            try {
                prefix = JSON.parse(group.dataset.inlineFormset).options.prefix;
            } catch (error) {
                prefix = group.id.replace(/-group$/, '');
            }
            return {group, prefix};
        });
    }

    /** Rows of the inlines that `data` needs and the form lacks are added with "Add another". */
    function addRowsFor(data) {
        for (const {group, prefix} of inlineGroups()) {
            const pattern = new RegExp(`^${prefix}-(\\d+)-`);
            let needed = 0;
            for (const name of Object.keys(data)) {
                const match = pattern.exec(name);
                if (match) {
                    needed = Math.max(needed, Number(match[1]) + 1);
                }
            }
            const total = document.getElementById(`id_${prefix}-TOTAL_FORMS`);
            let guard = 0;
            while (total && Number(total.value) < needed && guard++ < 1000) {
                const add = group.querySelector('.add-row a');
                if (!add || add.closest('.add-row').style.display === 'none') {
                    break; // no link, or the inline's maximum reached
                }
                const before = Number(total.value);
                add.click();
                if (Number(total.value) === before) {
                    break;
                }
            }
        }
    }

    function selectValues(select, values, label) {
        const labels = Array.isArray(label) ? label : [label];
        let index = 0;
        for (const value of values) {
            if (value !== '' && ![...select.options].some((option) => option.value === value)) {
                const text = labels[index] || labels[0] || value;
                select.append(new Option(text, value, false, false));
            }
            index += 1;
        }
        for (const option of select.options) {
            option.selected = values.includes(option.value);
        }
        if ($ && select.classList.contains('select2-hidden-accessible')) {
            $(select).trigger('change');
        } else {
            select.dispatchEvent(new Event('change', {bubbles: true}));
        }
    }

    /** Fill the form with `data` ({name: [values]}), adding inline rows and search-select options. */
    function fillForm(data, labels = {}) {
        addRowsFor(data);
        const seen = {};
        const changedText = [];
        for (const field of [...form.elements]) {
            if (!restorable(field)) {
                continue;
            }
            const name = field.name;
            const values = data[name];
            if (field.type === 'checkbox') {
                field.checked = Boolean(values && values.includes(field.value || 'on'));
                continue;
            }
            if (values === undefined) {
                continue;
            }
            if (field.type === 'radio') {
                field.checked = values.includes(field.value);
            } else if (field.tagName === 'SELECT') {
                const same = JSON.stringify([...field.selectedOptions].map((option) => option.value)) ===
                    JSON.stringify(values);
                if (!same) {
                    selectValues(field, field.multiple ? values : values.slice(0, 1), labels[name]);
                }
            } else {
                const index = seen[name] || 0;
                seen[name] = index + 1;
                const value = values[Math.min(index, values.length - 1)];
                if (field.value !== value) {
                    field.value = value;
                    changedText.push(field);
                }
            }
        }
        for (const field of changedText) {
            field.dispatchEvent(new Event('input', {bubbles: true}));
        }
        sortSectionsByOrder();
        refreshSections();
    }

    // -- Status line and announcements --------------------------------------------------------

    const status = element('p', {className: 'autosave-status', role: 'status', id: 'autosave-status'});
    const announcer = element('p', {className: 'visually-hidden', role: 'status', 'aria-live': 'polite'});
    let statusTimer = null;

    function setStatus(text, kind = '') {
        clearTimeout(statusTimer);
        status.textContent = text;
        status.dataset.kind = kind;
    }

    function showSaved(at) {
        const render = () => {
            setStatus(`Saved ${ago(at)}`, 'saved');
            status.title = `Your typing was kept at ${at.toLocaleTimeString()}; use Save to save the report.`;
            statusTimer = setTimeout(render, 20000);
        };
        render();
    }

    function announce(text) {
        announcer.textContent = '';
        setTimeout(() => {
            announcer.textContent = text;
        }, 50);
    }

    // -- Autosave -----------------------------------------------------------------------------

    const AUTOSAVE_EVERY = 5000;
    const localKey = `summitblog.autosave.${config.userId}.${config.formKey}`;
    let initialSignature = '';
    let lastSentSignature = '';
    let saving = false;
    let submitting = false;
    let autosaveTimer = null;

    function readLocal() {
        try {
            const stored = JSON.parse(localStorage.getItem(localKey) || 'null');
            return stored && stored.data && stored.saved_at ? stored : null;
        } catch (error) {
            return null;
        }
    }

    function writeLocal(copy) {
        try {
            localStorage.setItem(localKey, JSON.stringify(copy));
        } catch (error) {
            // Full or refused: the server's copy is all there is.
        }
    }

    function updateLocal(changes) {
        const copy = readLocal();
        if (copy) {
            writeLocal({...copy, ...changes});
        }
    }

    function dropLocal() {
        try {
            localStorage.removeItem(localKey);
        } catch (error) {
            // Nothing kept.
        }
    }

    function snapshot() {
        const data = formValues();
        const labels = formLabels();
        return {data, labels, signature: JSON.stringify([data, labels])};
    }

    function autosaveBody(state) {
        const body = new FormData();
        for (const [name, values] of Object.entries(state.data)) {
            for (const value of values) {
                body.append(name, value);
            }
        }
        body.set('csrfmiddlewaretoken', csrfToken());
        body.set('form_key', config.formKey);
        body.set('__labels__', JSON.stringify(state.labels));
        return body;
    }

    function keepLocally(state) {
        writeLocal({
            saved_at: new Date().toISOString(), data: state.data, labels: state.labels,
            synced: false, signedOut: (readLocal() || {}).signedOut || false, submitted: false,
        });
    }

    async function autosave() {
        if (saving || submitting) {
            return;
        }
        const state = snapshot();
        if (state.signature === lastSentSignature) {
            return;
        }
        keepLocally(state);
        saving = true;
        setStatus('Saving…', 'saving');
        try {
            const response = await post(config.autosaveUrl, autosaveBody(state));
            if (signedOut(response)) {
                updateLocal({signedOut: true});
                setStatus('Not saved to the server: you are signed out. Your typing is kept in this browser.', 'error');
                lastSentSignature = state.signature; // try again when something changes
            } else if (response.ok) {
                const answer = await response.json();
                lastSentSignature = state.signature;
                updateLocal({synced: true, signedOut: false});
                showSaved(new Date(answer.autosave && answer.autosave.saved_at || Date.now()));
            } else {
                lastSentSignature = state.signature;
                const message = await errorOf(response, `the server answered ${response.status}`);
                setStatus(`Not saved to the server: ${message} Your typing is kept in this browser.`, 'error');
            }
        } catch (error) {
            setStatus('Not saved to the server (no connection). Your typing is kept in this browser.', 'error');
        } finally {
            saving = false;
        }
    }

    /** The page is being hidden or left: send what changed with a beacon, which outlives the page. */
    function flush() {
        if (submitting) {
            return;
        }
        const state = snapshot();
        if (state.signature === lastSentSignature) {
            return;
        }
        keepLocally(state);
        if (navigator.sendBeacon && navigator.sendBeacon(config.autosaveUrl, autosaveBody(state))) {
            lastSentSignature = state.signature;
        }
    }

    const isDirty = () => !submitting && snapshot().signature !== initialSignature;

    function startAutosave() {
        const state = snapshot();
        initialSignature = lastSentSignature = state.signature;
        autosaveTimer = setInterval(autosave, AUTOSAVE_EVERY);
        document.addEventListener('visibilitychange', () => {
            if (document.visibilityState === 'hidden') {
                flush();
            }
        });
        window.addEventListener('pagehide', flush);
        window.addEventListener('beforeunload', (event) => {
            if (isDirty()) {
                event.preventDefault();
                event.returnValue = '';
            }
        });
        form.addEventListener('submit', (event) => {
            const submitter = event.submitter;
            const target = submitter && (submitter.getAttribute('formtarget') || '');
            if (target && target !== '_self') {
                return; // "Preview the whole report" opens a new tab; this page stays
            }
            submitting = true;
            clearInterval(autosaveTimer);
            updateLocal({submitted: true});
        });
        // Back from the back/forward cache: the page is live again.
        window.addEventListener('pageshow', (event) => {
            if (event.persisted) {
                submitting = false;
                clearInterval(autosaveTimer);
                autosaveTimer = setInterval(autosave, AUTOSAVE_EVERY);
            }
        });
    }

    // -- Restore offers: unsaved text, and co-authors' proposals ------------------------------

    function loadedAt() {
        const input = form.querySelector('input[name=loaded_version]');
        try {
            return input && input.value ? new Date(JSON.parse(input.value).at) : null;
        } catch (error) {
            return null;
        }
    }

    /** The newest unsaved text for this form: the server's, or this browser's when newer. */
    function unsavedCopy() {
        const server = config.autosave;
        let local = readLocal();
        if (local) {
            const stored = loadedAt();
            const savedAt = new Date(local.saved_at);
            const saveWentThrough = local.submitted && !local.signedOut;
            const savedElsewhere = local.synced && !server; // the form was saved (or discarded) since
            if (saveWentThrough || savedElsewhere || (stored && savedAt <= stored)) {
                dropLocal();
                local = null;
            }
        }
        if (server && local) {
            return new Date(local.saved_at) > new Date(server.saved_at) ? {...local, from: 'browser'} : server;
        }
        return local ? {...local, from: 'browser'} : server;
    }

    const banners = element('div', {className: 'form-banners'});

    function banner(label, ...children) {
        const node = element('div', {className: 'form-banner', role: 'region', 'aria-label': label}, ...children);
        banners.append(node);
        return node;
    }

    function confirmIn(node, ...message) {
        const text = element('p', {tabindex: '-1'}, ...message);
        node.replaceChildren(text);
        node.classList.add('form-banner--done');
        text.focus();
    }

    function offerRestore() {
        const copy = unsavedCopy();
        if (!copy || document.querySelector('.errornote') || !differsFromForm(copy.data)) {
            return;
        }
        const where = copy.from === 'browser' ? ' (kept in this browser)' : '';
        const node = banner(
            'Unsaved text',
            element('p', {}, 'This form has unsaved text from ', timeElement(copy.saved_at), `${where}.`),
            element('div', {className: 'form-banner__actions'},
                element('button', {
                    type: 'button', className: 'button form-banner__primary', text: 'Restore',
                    onclick: () => {
                        fillForm(copy.data, copy.labels || {});
                        confirmIn(node, 'Restored the text of ', timeElement(copy.saved_at),
                            '. It is not saved yet: save the report to keep it.');
                    },
                }),
                element('button', {
                    type: 'button', className: 'button', text: 'Discard',
                    onclick: async () => {
                        dropLocal();
                        confirmIn(node, 'Discarded the unsaved text.');
                        try {
                            await post(config.autosaveUrl, {form_key: config.formKey, discard: '1'});
                        } catch (error) {
                            // It will be replaced by the next autosave anyway.
                        }
                    },
                })),
        );
        node.classList.add('form-banner--restore');
    }

    function offerProposals() {
        for (const proposal of config.proposals || []) {
            const note = proposal.note ? `: ${proposal.note}` : '';
            const node = banner(
                `Proposed changes by ${proposal.by}`,
                element('p', {}, `Proposed changes by ${proposal.by} at `, timeElement(proposal.at), `${note}.`),
                element('div', {className: 'form-banner__actions'},
                    element('button', {
                        type: 'button', className: 'button form-banner__primary', text: 'Load into the form',
                        onclick: () => {
                            // Their note is shown above; the note field is the editor's own.
                            const data = {...(proposal.data || {})};
                            delete data.review_note;
                            fillForm(data, proposal.labels || {});
                            let applied = form.querySelector('input[name=applied_proposal]');
                            if (!applied) {
                                applied = element('input', {type: 'hidden', name: 'applied_proposal', id: 'id_applied_proposal'});
                                form.append(applied);
                            }
                            applied.value = String(proposal.id);
                            confirmIn(node, `Loaded the changes proposed by ${proposal.by}. `,
                                'Check them, then publish or save to apply them.');
                        },
                    })),
            );
            node.classList.add('form-banner--proposal');
        }
    }

    // -- Markdown fields: toolbar, shortcuts, live preview, image drop and paste --------------

    const PREVIEW_DELAY = 400;
    const narrow = window.matchMedia('(max-width: 767.98px)');
    const markdownFields = new Map(); // textarea -> its editor state

    function isMarkdownField(textarea) {
        const name = textarea.name || '';
        return !isTemplateName(name) &&
            (name === 'introduction' || name === 'takeaways' || /^writeups-\d+-body$/.test(name));
    }

    function labelText(textarea) {
        const label = textarea.id && form.querySelector(`label[for="${textarea.id}"]`);
        return label ? label.textContent.replace(/:\s*$/, '').trim() : 'the text';
    }

    /** Replace [start, end) with `text` (undoable where the browser allows), then select a range. */
    function replaceRange(textarea, start, end, text, selectStart, selectEnd) {
        textarea.focus();
        textarea.setSelectionRange(start, end);
        let done = false;
        try {
            done = document.execCommand('insertText', false, text) &&
                textarea.value.slice(start, start + text.length) === text;
        } catch (error) {
            done = false;
        }
        if (!done) {
            textarea.setRangeText(text, start, end, 'end');
            textarea.dispatchEvent(new Event('input', {bubbles: true}));
        }
        const from = selectStart === undefined ? start + text.length : selectStart;
        textarea.setSelectionRange(from, selectEnd === undefined ? from : selectEnd);
    }

    function wrap(textarea, before, after, placeholder) {
        const {selectionStart: start, selectionEnd: end, value} = textarea;
        const selected = value.slice(start, end) || placeholder;
        replaceRange(textarea, start, end, before + selected + after,
            start + before.length, start + before.length + selected.length);
    }

    /** Text that goes on lines of its own (a table, a figure): blank lines around it as needed.
     * Returns the whole text inserted. */
    function insertBlock(textarea, block, selectInBlock) {
        const {selectionStart: start, selectionEnd: end, value} = textarea;
        const before = value.slice(0, start);
        const after = value.slice(end);
        const lead = before === '' || before.endsWith('\n\n') ? '' : before.endsWith('\n') ? '\n' : '\n\n';
        const trail = after === '' || after.startsWith('\n\n') ? '' : after.startsWith('\n') ? '\n' : '\n\n';
        const text = lead + block + trail;
        const offset = start + lead.length;
        const [from, to] = selectInBlock ? selectInBlock(block) : [block.length, block.length];
        replaceRange(textarea, start, end, text, offset + from, offset + to);
        return text;
    }

    function selectWord(block, word) {
        const at = block.indexOf(word);
        return at < 0 ? [block.length, block.length] : [at, at + word.length];
    }

    /** Each selected line (or the cursor's) gets a prefix: headings and lists. */
    function prefixLines(textarea, prefixOf, placeholder) {
        const {selectionStart, selectionEnd, value} = textarea;
        const start = value.lastIndexOf('\n', selectionStart - 1) + 1;
        let end = value.indexOf('\n', selectionEnd);
        if (end < 0 || (selectionEnd > selectionStart && value[selectionEnd - 1] === '\n')) {
            end = end < 0 ? value.length : selectionEnd - 1;
        }
        const lines = value.slice(start, end).split('\n');
        if (lines.length === 1 && lines[0] === '') {
            const prefix = prefixOf(0);
            replaceRange(textarea, start, end, prefix + placeholder, start + prefix.length,
                start + prefix.length + placeholder.length);
            return;
        }
        const text = lines.map((line, index) => prefixOf(index) + line.replace(/^(#{1,6} |[-*] |\d+\. )/, '')).join('\n');
        replaceRange(textarea, start, end, text, start, start + text.length);
    }

    function link(textarea) {
        const {selectionStart: start, selectionEnd: end, value} = textarea;
        const selected = value.slice(start, end);
        if (/^https?:\/\/\S+$/.test(selected)) {
            const text = `[words](${selected})`;
            replaceRange(textarea, start, end, text, start + 1, start + 6);
        } else {
            const words = selected || 'words';
            const text = `[${words}](https://)`;
            const at = start + words.length + 3;
            replaceRange(textarea, start, end, text, at, at + 'https://'.length);
        }
    }

    function footnote(textarea) {
        const used = [...textarea.value.matchAll(/\[\^(\d+)\]/g)].map((match) => Number(match[1]));
        const number = used.length ? Math.max(...used) + 1 : 1;
        const end = textarea.selectionEnd;
        replaceRange(textarea, end, end, `[^${number}]`);
        const value = textarea.value;
        const gap = value.endsWith('\n\n') ? '' : value.endsWith('\n') ? '\n' : '\n\n';
        const note = `${gap}[^${number}]: The source.`;
        const at = value.length + note.length - 'The source.'.length;
        replaceRange(textarea, value.length, value.length, note, at, at + 'The source.'.length);
    }

    function code(textarea) {
        const {selectionStart: start, selectionEnd: end, value} = textarea;
        const selected = value.slice(start, end);
        if (selected.includes('\n') || (!selected && (start === 0 || value[start - 1] === '\n') &&
                (end === value.length || value[end] === '\n'))) {
            insertBlock(textarea, `\`\`\`\n${selected || 'code'}\n\`\`\``,
                (block) => [4, block.length - 4]);
        } else {
            wrap(textarea, '`', '`', 'code');
        }
    }

    const TABLE = '| Column | Column |\n|---|---|\n| Cell | Cell |';
    const FIGURE = '![What it shows](address "The caption")';

    const TOOLS = [
        {name: 'Heading', glyph: 'H', run: (t) => prefixLines(t, () => '### ', 'Heading')},
        {name: 'Bold', glyph: 'B', key: 'b', run: (t) => wrap(t, '**', '**', 'bold text')},
        {name: 'Italic', glyph: 'I', key: 'i', run: (t) => wrap(t, '*', '*', 'italic text')},
        {name: 'Link', glyph: 'Link', key: 'k', run: link},
        {name: 'Bulleted list', glyph: '• List', run: (t) => prefixLines(t, () => '- ', 'item')},
        {name: 'Numbered list', glyph: '1. List', run: (t) => prefixLines(t, (index) => `${index + 1}. `, 'item')},
        {name: 'Footnote', glyph: 'Note¹', run: footnote},
        {name: 'Table', glyph: 'Table', run: (t) => insertBlock(t, TABLE, (block) => selectWord(block, 'Column'))},
        {name: 'Code', glyph: '</>', run: code},
        {name: 'Image with caption', glyph: 'Figure', run: (t) => insertBlock(t, FIGURE, (block) => selectWord(block, 'address'))},
    ];
    const shortcutLabel = /Mac|iPhone|iPad/.test(navigator.platform || '') ? '⌘' : 'Ctrl+';

    function toolbarFor(textarea, editor) {
        const toolbar = element('div', {
            className: 'md-toolbar', role: 'toolbar', 'aria-controls': textarea.id,
            'aria-label': `Formatting: ${labelText(textarea)}`,
        });
        const buttons = TOOLS.map((tool, index) => {
            const hint = tool.key ? ` (${shortcutLabel}${tool.key.toUpperCase()})` : '';
            return element('button', {
                type: 'button', className: `md-tool md-tool--${tool.name.split(' ')[0].toLowerCase()}`,
                tabindex: index === 0 ? '0' : '-1', title: tool.name + hint,
                'aria-keyshortcuts': tool.key ? `Control+${tool.key.toUpperCase()} Meta+${tool.key.toUpperCase()}` : null,
                onclick: () => tool.run(textarea),
            }, element('span', {'aria-hidden': 'true', text: tool.glyph}),
            element('span', {className: 'visually-hidden', text: tool.name}));
        });
        const picker = element('input', {
            type: 'file', accept: 'image/*', className: 'md-upload-input', tabindex: '-1', 'aria-hidden': 'true',
            onchange: () => {
                uploadImages(textarea, editor, [...picker.files]);
                picker.value = '';
            },
        });
        buttons.push(element('button', {
            type: 'button', className: 'md-tool md-tool--upload', tabindex: '-1',
            title: 'Upload an image (or drop or paste one into the text)', onclick: () => picker.click(),
        }, element('span', {'aria-hidden': 'true', text: 'Upload…'}),
        element('span', {className: 'visually-hidden', text: 'Upload an image'})));
        toolbar.append(...buttons, picker);
        // One tab stop; arrow keys move within the toolbar (ARIA toolbar pattern).
        toolbar.addEventListener('keydown', (event) => {
            const index = buttons.indexOf(document.activeElement);
            if (index < 0) {
                return;
            }
            const moves = {ArrowRight: index + 1, ArrowLeft: index - 1, Home: 0, End: buttons.length - 1};
            if (!(event.key in moves)) {
                return;
            }
            event.preventDefault();
            const next = (moves[event.key] + buttons.length) % buttons.length;
            buttons[index].tabIndex = -1;
            buttons[next].tabIndex = 0;
            buttons[next].focus();
        });
        textarea.addEventListener('keydown', (event) => {
            if (!(event.ctrlKey || event.metaKey) || event.altKey || event.shiftKey) {
                return;
            }
            const tool = TOOLS.find((candidate) => candidate.key === event.key.toLowerCase());
            if (tool) {
                event.preventDefault();
                tool.run(textarea);
            }
        });
        return toolbar;
    }

    function previewVisible(editor) {
        return editor.preview.checkVisibility ? editor.preview.checkVisibility() : editor.preview.offsetParent !== null;
    }

    function schedulePreview(editor, delay = PREVIEW_DELAY) {
        clearTimeout(editor.timer);
        editor.stale = true;
        editor.timer = setTimeout(() => renderPreview(editor), delay);
    }

    async function renderPreview(editor) {
        if (!previewVisible(editor)) {
            return; // rendered when it is shown
        }
        editor.stale = false;
        const text = editor.textarea.value;
        const request = ++editor.requests;
        if (!text.trim()) {
            editor.body.replaceChildren(element('p', {className: 'md-preview__empty', text: 'Nothing to preview yet.'}));
            editor.message.textContent = '';
            return;
        }
        editor.preview.setAttribute('aria-busy', 'true');
        try {
            const response = await post(config.markdownPreviewUrl, {text, prefix: editor.prefix});
            if (request !== editor.requests) {
                return; // a newer request is on its way
            }
            if (response.ok) {
                const answer = await response.json();
                editor.body.innerHTML = answer.html || '';
                editor.message.textContent = '';
            } else if (response.status === 429) {
                editor.message.textContent = await errorOf(response, 'Too many previews; wait a moment.');
                schedulePreview(editor, 3000);
            } else if (signedOut(response)) {
                editor.message.textContent = 'No preview: you are signed out.';
            } else {
                editor.message.textContent = await errorOf(response, 'This text cannot be previewed.');
            }
        } catch (error) {
            if (request === editor.requests) {
                editor.message.textContent = 'No preview (no connection).';
            }
        } finally {
            if (request === editor.requests) {
                editor.preview.removeAttribute('aria-busy');
            }
        }
    }

    function setPreviewOpen(editor, open) {
        editor.wrapper.classList.toggle('md-editor--preview-open', open);
        editor.toggle.setAttribute('aria-expanded', String(open));
        editor.toggle.textContent = open ? 'Hide preview' : 'Show preview';
        if (open && editor.stale) {
            renderPreview(editor);
        }
    }

    /** Render the previews that became visible (a section unfolded, the window widened). */
    function renderShownPreviews() {
        for (const editor of markdownFields.values()) {
            if (editor.stale && previewVisible(editor)) {
                renderPreview(editor);
            }
        }
    }

    function enhanceMarkdownField(textarea) {
        if (markdownFields.has(textarea) || !isMarkdownField(textarea)) {
            return;
        }
        const previewId = nextId('preview');
        const inSection = textarea.name.startsWith('writeups-');
        const editor = {textarea, timer: null, requests: 0, stale: true, prefix: `pv${uid}`};
        editor.message = element('p', {className: 'md-message', role: 'alert'});
        editor.body = element('div', {className: 'md-preview__body'});
        editor.preview = element('section', {
            className: 'md-preview', id: previewId, 'aria-labelledby': `${previewId}-heading`,
        }, element(inSection ? 'h4' : 'h3', {className: 'md-preview__heading', id: `${previewId}-heading`},
            'Preview', element('span', {className: 'visually-hidden', text: ` of ${labelText(textarea).toLowerCase()}`})),
        editor.body);
        editor.toggle = element('button', {
            type: 'button', className: 'md-preview-toggle', 'aria-controls': previewId, 'aria-expanded': 'false',
            text: 'Show preview', onclick: () => setPreviewOpen(editor, editor.toggle.getAttribute('aria-expanded') !== 'true'),
        });
        editor.wrapper = element('div', {className: 'md-editor'});
        const panes = element('div', {className: 'md-editor__panes'});
        textarea.replaceWith(editor.wrapper);
        const textPane = element('div', {className: 'md-editor__text'}, textarea, editor.toggle, editor.message);
        panes.append(textPane, editor.preview);
        editor.wrapper.append(toolbarFor(textarea, editor), panes);
        textarea.classList.add('md-textarea');
        textarea.addEventListener('input', () => schedulePreview(editor));
        setupDrop(textarea, editor);
        markdownFields.set(textarea, editor);
        schedulePreview(editor, 0);
    }

    // Images dropped or pasted into a text: uploaded, and a figure inserted at the cursor.

    function imageFiles(list) {
        return [...(list || [])].filter((file) => file && file.type && file.type.startsWith('image/'));
    }

    async function uploadImages(textarea, editor, files) {
        for (const file of imageFiles(files)) {
            const marker = `[Uploading ${file.name.replace(/[[\]]/g, '') || 'image'}…]`;
            const inserted = insertBlock(textarea, marker);
            editor.message.textContent = '';
            const body = new FormData();
            body.append('file', file, file.name || 'image.png');
            body.append('alt_text', '');
            body.append('form_key', config.formKey);
            let snippet = null;
            let problem = '';
            try {
                const response = await post(config.uploadImageUrl, body);
                if (response.status === 201 || response.ok) {
                    snippet = (await response.json()).markdown;
                } else if (signedOut(response)) {
                    problem = 'you are signed out (or may not upload images)';
                } else {
                    problem = await errorOf(response, `the server answered ${response.status}`);
                }
            } catch (error) {
                problem = 'no connection';
            }
            const at = textarea.value.indexOf(marker);
            if (at < 0) {
                continue; // the placeholder was deleted meanwhile
            }
            if (snippet) {
                const alt = snippet.indexOf('[') + 1;
                const altEnd = snippet.indexOf(']');
                replaceRange(textarea, at, at + marker.length, snippet, at + alt, at + altEnd);
                announce(`The image ${file.name} was uploaded and inserted; describe it and write its caption.`);
            } else {
                // Take out the placeholder, and the blank lines that came with it.
                const whole = textarea.value.indexOf(inserted);
                if (whole >= 0) {
                    replaceRange(textarea, whole, whole + inserted.length, '');
                } else {
                    replaceRange(textarea, at, at + marker.length, '');
                }
                editor.message.textContent = `The image ${file.name} could not be uploaded: ${problem}`;
            }
        }
    }

    function setupDrop(textarea, editor) {
        const hasFiles = (event) => event.dataTransfer && [...event.dataTransfer.types].includes('Files');
        textarea.addEventListener('dragover', (event) => {
            if (hasFiles(event)) {
                event.preventDefault();
                event.dataTransfer.dropEffect = 'copy';
                textarea.classList.add('md-textarea--drop');
            }
        });
        textarea.addEventListener('dragleave', () => textarea.classList.remove('md-textarea--drop'));
        textarea.addEventListener('drop', (event) => {
            textarea.classList.remove('md-textarea--drop');
            const files = imageFiles(event.dataTransfer && event.dataTransfer.files);
            if (files.length) {
                event.preventDefault();
                uploadImages(textarea, editor, files);
            }
        });
        textarea.addEventListener('paste', (event) => {
            const files = imageFiles(event.clipboardData && event.clipboardData.files);
            if (files.length) {
                event.preventDefault();
                uploadImages(textarea, editor, files);
            }
        });
    }

    // -- Session pickers: only the sessions of the report's summit ----------------------------

    function summitId() {
        const summit = form.querySelector('#id_summit');
        return summit && /^\d+$/.test(summit.value) ? summit.value : '';
    }

    function withSummit(address, id) {
        const url = new URL(address, location.href);
        if (id) {
            url.searchParams.set('summit', id);
        } else {
            url.searchParams.delete('summit');
        }
        return url.pathname + url.search + url.hash;
    }

    function sessionSelects(root = form) {
        return root.querySelectorAll('select.admin-autocomplete[data-field-name="session"]');
    }

    function syncSessionSelect(select) {
        const id = summitId();
        const current = select.getAttribute('data-ajax--url') || '';
        const wanted = withSummit(current, id);
        const cached = $ ? $(select).data('ajax--url') : wanted;
        if (current !== wanted || cached !== wanted) {
            select.setAttribute('data-ajax--url', wanted);
            if ($) {
                $(select).data('ajax--url', wanted); // select2 reads jQuery's copy of the attribute
                if (!isTemplateName(select.name) && select.classList.contains('select2-hidden-accessible')) {
                    $(select).select2('destroy');
                    $(select).djangoAdminSelect2();
                    nameComboboxes(select.parentNode);
                }
            }
        }
        const add = select.id && document.getElementById(`add_${select.id}`);
        if (add && add.getAttribute('href')) {
            add.setAttribute('href', withSummit(add.getAttribute('href'), id));
        }
    }

    function syncAllSessionSelects() {
        sessionSelects().forEach(syncSessionSelect);
    }

    // -- Sections: move up and down, fold --------------------------------------------------------

    const sectionsGroup = document.getElementById('writeups-group');
    const COLLAPSE_OVER = 4;

    function sectionRows() {
        if (!sectionsGroup) {
            return [];
        }
        return [...sectionsGroup.querySelectorAll('.inline-related')]
            .filter((row) => !row.classList.contains('empty-form') && /^writeups-\d+$/.test(row.id));
    }

    function renumberSections() {
        sectionRows().forEach((row, index) => {
            for (const input of row.querySelectorAll('input._reorder_')) {
                input.value = String(index + 1);
            }
        });
    }

    function sortSectionsByOrder() {
        const rows = sectionRows();
        const orderOf = (row) => Number((row.querySelector('input._reorder_') || {}).value || 0);
        if (rows.length < 2 || !rows.every((row) => orderOf(row) > 0)) {
            return;
        }
        const sorted = [...rows].sort((a, b) => orderOf(a) - orderOf(b));
        if (sorted.every((row, index) => row === rows[index])) {
            return;
        }
        const anchor = rows[rows.length - 1].nextSibling;
        const parent = rows[0].parentNode;
        for (const row of sorted) {
            parent.insertBefore(row, anchor);
        }
    }

    function moveSection(row, step, button) {
        const rows = sectionRows();
        const index = rows.indexOf(row);
        const target = rows[index + step];
        if (!target) {
            return;
        }
        if (step < 0) {
            target.before(row);
        } else {
            target.after(row);
        }
        renumberSections();
        refreshSections();
        const place = sectionRows().indexOf(row) + 1;
        (button.disabled ? row.querySelector('.section-move:not([disabled])') : button)?.focus();
        announce(`Section moved to position ${place} of ${rows.length}.`);
    }

    function setFolded(row, folded) {
        row.classList.toggle('section--folded', folded);
        const toggle = row.querySelector('.section-fold');
        if (toggle) {
            toggle.setAttribute('aria-expanded', String(!folded));
            toggle.querySelector('.section-fold__text').textContent = folded ? 'Expand' : 'Collapse';
        }
        if (!folded) {
            renderShownPreviews();
        }
    }

    function enhanceSection(row, folded) {
        if (row.dataset.enhanced) {
            return;
        }
        row.dataset.enhanced = 'true';
        const heading = row.querySelector(':scope > h3');
        if (!heading) {
            return;
        }
        const fields = [...row.querySelectorAll(':scope > fieldset')];
        const fieldsId = fields[0] ? fields[0].id || (fields[0].id = nextId('section-fields')) : null;
        const up = element('button', {
            type: 'button', className: 'section-move section-move--up', title: 'Move up',
            onclick: () => moveSection(row, -1, up),
        }, element('span', {'aria-hidden': 'true', text: '↑'}), element('span', {className: 'visually-hidden', text: 'Move up'}));
        const down = element('button', {
            type: 'button', className: 'section-move section-move--down', title: 'Move down',
            onclick: () => moveSection(row, 1, down),
        }, element('span', {'aria-hidden': 'true', text: '↓'}), element('span', {className: 'visually-hidden', text: 'Move down'}));
        const fold = element('button', {
            type: 'button', className: 'section-fold', 'aria-expanded': 'true', 'aria-controls': fieldsId,
            onclick: () => setFolded(row, !row.classList.contains('section--folded')),
        }, element('span', {className: 'section-fold__icon', 'aria-hidden': 'true'}),
        element('span', {className: 'section-fold__text', text: 'Collapse'}),
        element('span', {className: 'visually-hidden', text: ' this section'}));
        heading.append(element('span', {className: 'section-tools'}, up, down, fold));
        setFolded(row, folded);
    }

    function refreshSections() {
        const rows = sectionRows();
        rows.forEach((row, index) => {
            enhanceSection(row, false);
            const up = row.querySelector('.section-move--up');
            const down = row.querySelector('.section-move--down');
            if (up) {
                up.disabled = index === 0;
            }
            if (down) {
                down.disabled = index === rows.length - 1;
            }
        });
    }

    function setupSections() {
        const rows = sectionRows();
        const foldAll = rows.length > COLLAPSE_OVER;
        for (const row of rows) {
            const hasErrors = row.querySelector('.errorlist, .errors, .errornote');
            enhanceSection(row, foldAll && !hasErrors);
        }
        refreshSections();
        const sortable = sectionsGroup && sectionsGroup.querySelector('fieldset.sortable');
        if (sortable) {
            // django-admin-sortable2 numbers the first order input of each saved section when a
            // drag ends; this keeps every order input of every section in step, after it.
            sortable.addEventListener('end', () => setTimeout(() => {
                renumberSections();
                refreshSections();
            }, 0));
        }
    }

    // -- Tags: existing tags offered as you type ----------------------------------------------

    function isTagsInput(input) {
        return input.tagName === 'INPUT' && !isTemplateName(input.name) &&
            (input.name === 'tags' || /^writeups-\d+-tags$/.test(input.name));
    }

    function enhanceTags(input) {
        if (input.dataset.suggestions || !isTagsInput(input)) {
            return;
        }
        const list = element('datalist', {id: nextId('tags')});
        input.dataset.suggestions = list.id;
        input.setAttribute('list', list.id);
        input.setAttribute('autocomplete', 'off');
        input.after(list);
        let timer = null;
        let asked = '';
        input.addEventListener('input', () => {
            clearTimeout(timer);
            timer = setTimeout(async () => {
                const value = input.value;
                const comma = value.lastIndexOf(',');
                const head = value.slice(0, comma + 1);
                const typed = value.slice(comma + 1);
                const term = typed.trim();
                const lead = typed.slice(0, typed.length - typed.trimStart().length);
                if (!term || term === asked) {
                    return;
                }
                asked = term;
                try {
                    const response = await fetch(`${config.tagsUrl}?q=${encodeURIComponent(term)}`,
                        {credentials: 'same-origin', redirect: 'manual'});
                    if (!response.ok || input.value !== value) {
                        return;
                    }
                    const {tags} = await response.json();
                    const chosen = new Set(head.split(',').map((tag) => tag.trim().toLowerCase()).filter(Boolean));
                    const prefix = head + (lead || (head ? ' ' : ''));
                    list.replaceChildren(...(tags || [])
                        .filter((tag) => !chosen.has(tag.toLowerCase()))
                        .map((tag) => element('option', {value: prefix + (/[,"]/.test(tag) ? `"${tag.replace(/"/g, '')}"` : tag)})));
                } catch (error) {
                    // No suggestions this time.
                }
            }, 200);
        });
    }

    // -- Tabular inlines: each cell names its column (they stack on narrow screens) -----------

    /** Each cell of a table inline names its column (shown above it when the rows stack), and
     * its controls, which have no label of their own, are named by their column's header. */
    function labelCells(root) {
        for (const table of root.querySelectorAll('.tabular table')) {
            const headers = [...table.querySelectorAll('thead th')];
            headers.forEach((th) => {
                if (th.textContent.trim() && !th.id) {
                    th.id = nextId('column');
                }
            });
            for (const row of table.querySelectorAll('tbody tr')) {
                if (row.classList.contains('empty-form')) {
                    continue;
                }
                [...row.children].forEach((cell, index) => {
                    const header = headers[index];
                    const text = header ? header.textContent.trim() : '';
                    if (cell.tagName !== 'TD' || !text) {
                        return;
                    }
                    cell.dataset.label = text.replace(/\?$/, '');
                    for (const control of cell.querySelectorAll('input:not([type=hidden]), select, textarea')) {
                        const labelled = control.labels && control.labels.length;
                        if (!labelled && !control.hasAttribute('aria-label') && !control.hasAttribute('aria-labelledby')) {
                            control.setAttribute('aria-labelledby', header.id);
                        }
                    }
                });
            }
        }
        nameComboboxes(root);
    }

    /** select2's combobox is named by the text of its choice, which is empty until one is made:
     * it is named by the field's label (or column header) too. */
    function nameComboboxes(root) {
        for (const select of root.querySelectorAll('select.select2-hidden-accessible')) {
            const combobox = select.nextElementSibling &&
                select.nextElementSibling.querySelector('.select2-selection[role=combobox]');
            if (!combobox) {
                continue;
            }
            let nameId = '';
            const label = select.id && form.querySelector(`label[for="${select.id}"]`);
            if (label) {
                nameId = label.id || (label.id = nextId('label'));
            } else {
                const cell = select.closest('td');
                const table = cell && cell.closest('table');
                const header = table && table.querySelectorAll('thead th')[[...cell.parentNode.children].indexOf(cell)];
                if (header && header.textContent.trim()) {
                    nameId = header.id || (header.id = nextId('column'));
                }
            }
            const rendered = combobox.querySelector('.select2-selection__rendered');
            const ids = [nameId, rendered && rendered.id].filter(Boolean);
            if (ids.length) {
                combobox.setAttribute('aria-labelledby', ids.join(' '));
                if (rendered && nameId) {
                    rendered.setAttribute('aria-labelledby', ids.join(' ')); // role=textbox, empty until chosen
                }
            }
        }
    }

    // -- Publish time: which zone it is in ----------------------------------------------------

    function zoneNote() {
        const field = form.querySelector('.field-publish_at');
        if (!field) {
            return;
        }
        const offset = pageOffsetSeconds();
        const browserOffset = -new Date().getTimezoneOffset() * 60;
        let text;
        if (browserZone && readCookie(ZONE_COOKIE) === browserZone && offset === browserOffset) {
            text = `Times are in ${browserZone} (your browser's).`;
        } else if (offset !== null) {
            const sign = offset < 0 ? '−' : '+';
            const hours = String(Math.floor(Math.abs(offset) / 3600)).padStart(2, '0');
            const minutes = String(Math.floor((Math.abs(offset) % 3600) / 60)).padStart(2, '0');
            text = `Times are in the server's time zone (UTC${sign}${hours}:${minutes}); reload the page to ` +
                `see them in ${browserZone || 'yours'}.`;
        }
        if (text) {
            const holder = field.querySelector(':scope > div') || field;
            holder.append(element('div', {className: 'help zone-note', id: 'zone-note', text}));
            for (const input of field.querySelectorAll('input')) {
                input.setAttribute('aria-describedby', [input.getAttribute('aria-describedby'), 'zone-note'].filter(Boolean).join(' '));
            }
        }
    }

    /** The split date and time inputs of the publish time have only a shared, unattached label. */
    function labelSplitInputs() {
        for (const row of form.querySelectorAll('.form-row')) {
            const label = row.querySelector('label:not([for])');
            const date = row.querySelector('p.datetime input.vDateField');
            const time = row.querySelector('p.datetime input.vTimeField');
            if (label && date && time) {
                const name = label.textContent.replace(/:\s*$/, '').trim();
                date.setAttribute('aria-label', `${name}: date`);
                time.setAttribute('aria-label', `${name}: time`);
            }
        }
    }

    // -- Start --------------------------------------------------------------------------------

    // Before select2 starts (on DOM ready), so that session pickers start with the summit's URL.
    syncAllSessionSelects();

    function start() {
        form.prepend(banners);
        const saveRow = [...form.querySelectorAll('.submit-row')].filter((row) => !row.classList.contains('review-row')).pop() ||
            form.querySelector('.submit-row');
        if (saveRow) {
            saveRow.classList.add('save-bar');
            saveRow.append(status);
        } else {
            form.append(status);
        }
        form.append(announcer);

        form.querySelectorAll('textarea').forEach(enhanceMarkdownField);
        form.querySelectorAll('input[type=text]').forEach(enhanceTags);
        labelCells(form);
        nameComboboxes(form);
        labelSplitInputs();
        zoneNote();
        setupSections();
        syncAllSessionSelects();
        if ($) {
            $('#id_summit').on('change', syncAllSessionSelects);
        }

        document.addEventListener('formset:added', (event) => {
            const row = event.target;
            row.querySelectorAll('textarea').forEach(enhanceMarkdownField);
            row.querySelectorAll('input[type=text]').forEach(enhanceTags);
            sessionSelects(row).forEach(syncSessionSelect);
            labelCells(row.closest('.inline-group') || form);
            nameComboboxes(row);
            if (row.closest('#writeups-group')) {
                renumberSections();
                refreshSections();
            }
        });
        document.addEventListener('formset:removed', (event) => {
            if (event.detail && event.detail.formsetName === 'writeups') {
                renumberSections();
                refreshSections();
            }
            for (const [textarea] of markdownFields) {
                if (!textarea.isConnected) {
                    markdownFields.delete(textarea);
                }
            }
        });

        const widthChanged = () => {
            renderShownPreviews();
        };
        if (narrow.addEventListener) {
            narrow.addEventListener('change', widthChanged);
        }

        offerProposals();
        offerRestore();
        startAutosave();
        document.documentElement.dataset.reportForm = 'ready';
    }

    if ($) {
        $(start); // after the admin's own ready handlers (inlines, select2)
    } else if (document.readyState === 'loading') {
        document.addEventListener('DOMContentLoaded', start);
    } else {
        start();
    }
})();
