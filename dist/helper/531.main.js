"use strict";
exports.id = 531;
exports.ids = [531];
exports.modules = {

/***/ 6683:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   N: () => (/* binding */ withDeadline)
/* harmony export */ });
/**
 * Runs `work` with `ms` as its limit: past it, `work`'s signal is aborted (so a request in flight
 * is ended, not just left behind) and the call rejects with `timeout(ms)`'s error, whatever `work`
 * was still waiting on. The one time bound of the API calls, in the action and the helper.
 */
async function withDeadline(work, ms, timeout) {
    const controller = new AbortController();
    let timer;
    const deadline = new Promise((_resolve, reject) => {
        timer = setTimeout(() => {
            const error = timeout(ms);
            controller.abort(error);
            reject(error);
        }, ms);
    });
    try {
        return await Promise.race([work(controller.signal), deadline]);
    }
    finally {
        clearTimeout(timer);
    }
}


/***/ }),

/***/ 3531:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

// ESM COMPAT FLAG
__webpack_require__.r(__webpack_exports__);

// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  runProgram: () => (/* binding */ runProgram)
});

// EXTERNAL MODULE: external "node:module"
var external_node_module_ = __webpack_require__(8995);
var external_node_module_default = /*#__PURE__*/__webpack_require__.n(external_node_module_);
// EXTERNAL MODULE: external "node:path"
var external_node_path_ = __webpack_require__(6760);
// EXTERNAL MODULE: ./package.json
var package_0 = __webpack_require__(8330);
// EXTERNAL MODULE: ./src/helper/cache-dir.ts
var cache_dir = __webpack_require__(7108);
// EXTERNAL MODULE: external "node:fs"
var external_node_fs_ = __webpack_require__(3024);
// EXTERNAL MODULE: ./src/ecr/registry.ts
var registry = __webpack_require__(8591);
// EXTERNAL MODULE: ./src/helper/cache-file.ts + 1 modules
var cache_file = __webpack_require__(1772);
// EXTERNAL MODULE: ./src/helper/log.ts
var helper_log = __webpack_require__(1442);
// EXTERNAL MODULE: ./src/helper/private-files.ts
var private_files = __webpack_require__(8813);
;// CONCATENATED MODULE: ./src/helper/cache.ts







/** The do-nothing cache: AWS_ECR_DISABLE_CACHE is set, or no AWS credentials could be resolved. */
const nullCache = {
    get: async () => undefined,
    set: async () => { },
    list: async () => []
};
/** The cache for the helper's environment: `nullCache` when disabled, else the file cache. */
function openCache(env, options) {
    if ((0,cache_dir/* cacheDisabled */.zX)(env)) {
        options.log?.debug('Cache disabled due to AWS_ECR_DISABLE_CACHE');
        return nullCache;
    }
    return fileCache({ ...options, dir: (0,cache_dir/* cacheDirOf */.BU)(env), anyKey: (0,cache_dir/* isJobCache */.eT)(env) });
}
/** cache.json in `dir`, in the Go helper's format, so both helpers can share one cache. */
function fileCache(options) {
    const { dir, anyKey = false } = options;
    const log = options.log ?? helper_log/* nullLog */.wA;
    let id;
    const accessKeyId = () => {
        id ??= options.accessKeyId().then(value => {
            if (!value && !anyKey)
                log.debug('Could not fetch credentials for cache prefix, disabling cache');
            return value || undefined;
        });
        return id;
    };
    return {
        async get(target) {
            const key = anyKey ? undefined : await accessKeyId();
            if (!key && !anyKey)
                return undefined;
            return (0,cache_file/* findEntry */.w4)(readCache(dir, log), target, key, anyKey);
        },
        async set(target, entry) {
            const key = await accessKeyId();
            if (!key)
                return;
            try {
                await updateCache(dir, registries => (registries[(0,cache_file/* cacheKey */.k$)(target, key)] = entry), log);
            }
            catch (error) {
                log.info(`Could not save cache: ${error.message}`);
            }
        },
        async list() {
            return anyKey || (await accessKeyId()) ? Object.values(readCache(dir, log)) : [];
        }
    };
}
/**
 * Stores tokens the action just fetched, so that the helper run later in the job (e.g. by
 * `docker pull` with `credHelpers`) answers from the cache without another API call. `accessKeyId`
 * must be the key the tokens were fetched with; without one nothing is written (the helper could
 * never find the entries). Hosts that are not ECR registries are skipped. Rejects when the file
 * cannot be written.
 */
async function primeCache(dir, accessKeyId, grants, now = new Date()) {
    if (!accessKeyId)
        return;
    const entries = [];
    for (const grant of grants) {
        // An alias's token is cached under its registry, where the helper looks for it.
        const host = grant.registry ?? grant.host;
        const cacheTarget = cacheTargetOf(host);
        if (!cacheTarget)
            continue;
        entries.push([
            cacheKey(cacheTarget, accessKeyId),
            {
                authorizationToken: Buffer.from(`${grant.username}:${grant.password}`).toString('base64'),
                requestedAt: now,
                expiresAt: grant.expiresAt,
                proxyEndpoint: `https://${cacheTarget.service === 'ecr-public' ? PUBLIC_HOST : host}`,
                service: cacheTarget.service
            }
        ]);
    }
    if (entries.length)
        await updateCache(dir, registries => Object.assign(registries, Object.fromEntries(entries)));
}
/** How long a lock may go untouched before another helper takes it over (proper-lockfile's minimum is 2 s). */
const LOCK_STALE_MS = 5_000;
const LOCK_SETTINGS = {
    staleMs: LOCK_STALE_MS,
    updateMs: LOCK_STALE_MS / 2,
    /** About 7 s of waiting in all: longer than a stale lock lives, and still bounded. */
    retries: { retries: 40, factor: 1.5, minTimeout: 5, maxTimeout: 200, randomize: false }
};
/**
 * Read, change and write cache.json under a lock (`cache.json.lock`, file-lock.ts as for Docker's
 * config), so that helpers answering for different registries at once keep each other's entries:
 * each rename is atomic, but without the lock the last writer drops what the others added since it
 * read. Readers need no lock. Rejects when the lock cannot be had in time or the file cannot be
 * written. The lock code loads here, so that a cache hit never pays for it.
 */
async function updateCache(dir, change, log = helper_log/* nullLog */.wA) {
    (0,private_files/* makePrivateDir */.hI)(dir);
    const file = (0,external_node_path_.join)(dir, cache_file/* CACHE_FILE */.Sk);
    const { lockFile, updateLocked } = await __webpack_require__.e(/* import() */ 88).then(__webpack_require__.bind(__webpack_require__, 6088));
    await updateLocked({
        key: file,
        lock: () => lockFile(file, `${file}.lock`, LOCK_SETTINGS),
        read: async () => readCache(dir, log),
        write: async (registries) => writeCache(dir, registries),
        lost: attempts => new Error(`Lost the cache lock ${attempts} times; the cache was not saved`)
    }, change);
}
/**
 * Reads cache.json. A missing file is an empty cache, and so is one this user cannot trust (see
 * private-files.ts); a file that is not JSON, not the expected shape, or of another Version is
 * deleted and treated as empty, as the Go helper does.
 */
function readCache(dir, log = helper_log/* nullLog */.wA) {
    const file = (0,external_node_path_.join)(dir, cache_file/* CACHE_FILE */.Sk);
    let text;
    try {
        (0,private_files/* checkPrivateDir */.li)(dir);
        text = (0,private_files/* readPrivate */.wT)(file);
    }
    catch (error) {
        if (error instanceof private_files/* UntrustedPath */.Ch)
            log.info(`Not using the cache: ${error.message}`);
        else if (error.code !== 'ENOENT') {
            log.info(`Could not load existing cache: ${error.message}`);
        }
        return {};
    }
    if (text === undefined)
        return {};
    try {
        return (0,cache_file/* parseCache */.IW)(text);
    }
    catch (error) {
        log.info(`Could not load existing cache, starting over: ${error.message}`);
        try {
            (0,external_node_fs_.unlinkSync)(file);
        }
        catch (unlinkError) {
            log.info(`Could not clear cache: ${unlinkError.message}`);
        }
        return {};
    }
}
/**
 * Writes cache.json atomically: a temp file (0600, created exclusively, so never through a
 * planted link) in the same directory (0700, checked as private), then a rename, whose failure
 * is reported rather than ignored. Readers see the old file or the new one, never half of one.
 * Callers that merge use updateCache.
 */
function writeCache(dir, registries) {
    (0,private_files/* makePrivateDir */.hI)(dir);
    const sorted = {};
    for (const key of Object.keys(registries).sort()) {
        const e = registries[key];
        sorted[key] = {
            AuthorizationToken: e.authorizationToken,
            RequestedAt: (0,cache_file/* formatGoTime */.Z0)(e.requestedAt),
            ExpiresAt: (0,cache_file/* formatGoTime */.Z0)(e.expiresAt),
            ProxyEndpoint: e.proxyEndpoint,
            Service: e.service
        };
    }
    (0,private_files/* writePrivate */.pb)((0,external_node_path_.join)(dir, cache_file/* CACHE_FILE */.Sk), JSON.stringify({ Registries: sorted, Version: cache_file/* CACHE_VERSION */.yL }, null, 2));
}

// EXTERNAL MODULE: ./src/helper/wire.ts
var wire = __webpack_require__(535);
;// CONCATENATED MODULE: ./src/helper/cli.ts


// The protocol's text formats live in wire.ts, which the warm-cache path loads without this file.

/** The program name docker looks for on PATH (`credsStore: "ecr-login"`). */
const PROGRAM = 'docker-credential-ecr-login';
const USAGE = `Usage: ${PROGRAM} <store|get|erase|list|version>`;
const NOT_IMPLEMENTED = 'not implemented';
const MISSING_SERVER_URL = 'no credentials server URL';
const MISSING_USERNAME = 'no credentials username';
/**
 * The Docker credential-helper protocol (docker-credential-helpers' `Serve`): one action
 * argument, the payload on stdin, the answer or the error on stdout. Returns the exit code.
 */
async function runCli(deps) {
    const log = deps.log ?? helper_log/* nullLog */.wA;
    const fail = (message) => {
        deps.stdout(`${message}\n`);
        return 1;
    };
    if (deps.argv.length !== 1)
        return fail(USAGE);
    const [action] = deps.argv;
    const ignoreStorage = deps.env.AWS_ECR_IGNORE_CREDS_STORAGE === 'true';
    try {
        switch (action) {
            case '--version':
            case '-v':
            case 'version':
                deps.stdout(`${PROGRAM} (ecr-login) ${deps.version}\n`);
                return 0;
            case '--help':
            case '-h':
                deps.stdout(`${USAGE}\n`);
                return 0;
            case 'get': {
                const serverUrl = (0,wire/* payload */.lM)(await deps.readStdin());
                if (!serverUrl)
                    return fail(MISSING_SERVER_URL);
                try {
                    deps.stdout((0,wire/* getAnswer */.PF)(serverUrl, await deps.credentials.get(serverUrl)));
                    return 0;
                }
                catch (error) {
                    return fail(error.message);
                }
            }
            case 'store': {
                // Docker sends {"ServerURL","Username","Secret"}; validated as docker-credential-helpers does.
                const creds = parseStoreInput((0,wire/* payload */.lM)(await deps.readStdin()));
                if (typeof creds === 'string')
                    return fail(creds);
                if (ignoreStorage) {
                    log.debug(`Ignoring store for ${creds.serverUrl} (AWS_ECR_IGNORE_CREDS_STORAGE=true)`);
                    return 0;
                }
                return fail(NOT_IMPLEMENTED);
            }
            case 'erase': {
                const serverUrl = (0,wire/* payload */.lM)(await deps.readStdin());
                if (!serverUrl)
                    return fail(MISSING_SERVER_URL);
                if (ignoreStorage) {
                    log.debug(`Ignoring erase for ${serverUrl} (AWS_ECR_IGNORE_CREDS_STORAGE=true)`);
                    return 0;
                }
                return fail(NOT_IMPLEMENTED);
            }
            case 'list': {
                const all = await deps.credentials.list();
                const sorted = {};
                for (const key of Object.keys(all).sort())
                    sorted[key] = all[key];
                deps.stdout(`${(0,wire/* goJson */.Pl)(sorted)}\n`);
                return 0;
            }
            default:
                return fail(`${PROGRAM}: unknown action: ${action}`);
        }
    }
    catch (error) {
        log.error(`${action} failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
        return fail(error?.message || String(error));
    }
}
function parseStoreInput(text) {
    let data;
    try {
        data = JSON.parse(text);
    }
    catch (error) {
        return error.message;
    }
    if (typeof data !== 'object' || data === null || Array.isArray(data)) {
        return 'credentials must be a JSON object';
    }
    // Go's encoding/json matches field names case-insensitively.
    const field = (name) => {
        const key = Object.keys(data).find(k => k.toLowerCase() === name.toLowerCase());
        const value = key === undefined ? undefined : data[key];
        return typeof value === 'string' ? value : '';
    };
    const serverUrl = field('ServerURL');
    const username = field('Username');
    if (!serverUrl)
        return MISSING_SERVER_URL;
    if (!username)
        return MISSING_USERNAME;
    return { serverUrl, username };
}

// EXTERNAL MODULE: ./src/errors.ts
var errors = __webpack_require__(3916);
;// CONCATENATED MODULE: ./src/ecr/tokens.ts




/** The API accepts at most this many registryIds in one GetAuthorizationToken call. */
const MAX_IDS_PER_CALL = 10;
/** ECR tokens last 12 hours; used when a response carries no expiresAt. */
const DEFAULT_LIFETIME_MS = 12 * 60 * 60 * 1000;
/**
 * Groups targets by (service, region, FIPS, identity), keeping first-seen order. Account IDs without a host
 * take `defaultRegion` (AWS_REGION), so `111111111111` and a us-east-1 host share one call.
 */
function groupTargets(targets, defaultRegion) {
    const groups = new Map();
    for (const target of targets) {
        const region = target.region ?? defaultRegion;
        const key = `${target.service}|${region ?? ''}|${target.fips}|${identityKey(target.identity)}`;
        let group = groups.get(key);
        if (!group) {
            group = { api: { service: target.service, region, fips: target.fips }, targets: [] };
            if (target.identity)
                group.identity = target.identity;
            groups.set(key, group);
        }
        group.targets.push(target);
    }
    return [...groups.values()];
}
/** Splits a list into chunks of at most `size`. */
function batches(items, size = MAX_IDS_PER_CALL) {
    const out = [];
    for (let i = 0; i < items.length; i += size)
        out.push(items.slice(i, i + size));
    return out;
}
/** Splits a base64 `user:password` token at the FIRST colon (passwords may contain colons). */
function decodeToken(token) {
    const decoded = Buffer.from(token, 'base64').toString('utf8');
    const colon = decoded.indexOf(':');
    if (colon <= 0)
        throw new errors/* UserError */.yo('The ECR API returned an authorization token that is not user:password.');
    return { username: decoded.slice(0, colon), password: decoded.slice(colon + 1) };
}
/** How a target is named in messages: the host the user wrote, else its account ID. */
function label(target) {
    return target.host ?? target.account ?? 'the default registry';
}
/**
 * Gets a token for every target: one API call per group and batch of ten IDs, all concurrently.
 * A failed call is reported in `failures` and does not stop the others.
 */
async function fetchGrants(targets, ecrFor, options) {
    const calls = [];
    for (const group of groupTargets(targets, options.defaultRegion)) {
        if (group.api.service === 'ecr-public') {
            calls.push(group);
            continue;
        }
        const withAccount = group.targets.filter(t => t.account);
        const withoutAccount = group.targets.filter(t => !t.account);
        if (withoutAccount.length)
            calls.push({ ...group, targets: withoutAccount });
        // Several hosts of one account (e.g. standard and dual-stack) share one ID in the request.
        const accounts = [...new Set(withAccount.map(t => t.account))];
        for (const chunk of batches(accounts)) {
            calls.push({ ...group, targets: withAccount.filter(t => chunk.includes(t.account)) });
        }
    }
    // One client per group, shared by its batches: each `api` object stands for one group.
    const clients = new Map();
    const clientFor = (api, identity) => {
        if (!clients.has(api))
            clients.set(api, ecrFor(api, identity));
        return clients.get(api);
    };
    const byTarget = new Map();
    const failures = [];
    await Promise.all(calls.map(async (call) => {
        const ids = [...new Set(call.targets.flatMap(t => (t.account ? [t.account] : [])))];
        let api;
        try {
            api = await clientFor(call.api, call.identity);
            const data = await api.getAuthorizationToken(call.api.service === 'ecr' ? ids : []);
            const region = call.api.region ?? api.region;
            for (const [target, grant] of matchGrants(call.targets, ids, data, options.now(), region))
                byTarget.set(target, grant);
        }
        catch (error) {
            failures.push(error instanceof UserError
                ? error
                : apiError(error, {
                    service: call.api.service,
                    region: call.api.region ?? api?.region,
                    registries: call.targets.map(label),
                    proxy: options.proxyFor?.(call.api)
                }));
        }
    }));
    // A registry named twice (an account ID and its host, or a host in two letter cases) is known
    // to be one only now that the ID's host is: one login, one set of outputs, one logout, under
    // the spelling given first.
    const hosts = new Set();
    const grants = targets.flatMap(t => {
        const grant = byTarget.get(t);
        if (!grant || hosts.has(grant.host.toLowerCase()))
            return [];
        hosts.add(grant.host.toLowerCase());
        return [grant];
    });
    return { grants, failures };
}
/**
 * The registry host `proxyEndpoint` names, if it parses as a private registry of `asked` (its
 * account and region, where known); undefined otherwise. The answer comes from the network (a
 * configured endpoint, a proxy): a host that is another registry, an option (`--help`) or a line
 * of workflow commands must never reach a login, an output name or the log as a host.
 */
function endpointHost(proxyEndpoint, asked) {
    const host = (0,registry/* hostFromEndpoint */.gk)(proxyEndpoint);
    const parsed = (0,registry/* parseHost */.o6)(host);
    if (!parsed || parsed.service !== 'ecr')
        return undefined;
    if (asked.account && parsed.account !== asked.account)
        return undefined;
    if (asked.region && parsed.region !== asked.region.toLowerCase())
        return undefined;
    return host;
}
/** The host of a registry the input named by account ID (or not at all): the API's, checked. */
function answeredHost(target, entry, region) {
    if (!entry.proxyEndpoint)
        throw new UserError(`The ECR API returned no registry endpoint for ${label(target)}.`);
    const host = endpointHost(entry.proxyEndpoint, { account: target.account, region });
    if (host)
        return host;
    throw new UserError(`The ECR API answered for ${label(target)} with the registry endpoint ${quoted(entry.proxyEndpoint)}, ` +
        `which is not ${target.account ? `account ${target.account}'s` : 'a'} registry host${region ? ` in ${region}` : ''}, so it was not used.`, 'Check AWS_ENDPOINT_URL_ECR (or AWS_ENDPOINT_URL): it should name the ECR API, and the API answers with the registry’s https:// host.');
}
function matchGrants(targets, ids, data, now, region) {
    const out = new Map();
    for (const target of targets) {
        // Match by the account in proxyEndpoint. Only an entry that names no account of its own (an
        // endpoint we cannot parse) may be taken by request order, which the API keeps.
        const accountOf = (d) => d.proxyEndpoint ? parseHost(hostFromEndpoint(d.proxyEndpoint))?.account : undefined;
        const byPosition = data[target.account ? ids.indexOf(target.account) : 0];
        const entry = (target.account && data.find(d => accountOf(d) === target.account)) ||
            (byPosition && (!target.account || accountOf(byPosition) === undefined) ? byPosition : undefined);
        if (!entry) {
            throw new UserError(`The ECR API returned no authorization data for ${label(target)}.`);
        }
        const host = target.host ?? answeredHost(target, entry, region);
        const { username, password } = decodeToken(entry.authorizationToken);
        out.set(target, {
            // An alias is where clients log in, and what outputs, state and the summary name.
            host: target.alias ?? host,
            ...(target.alias ? { registry: host } : {}),
            ...(target.identity ? { identity: describeIdentity(target.identity) } : {}),
            ...(target.identity || target.alias ? { listed: target } : {}),
            username,
            password,
            expiresAt: entry.expiresAt ?? new Date(now.getTime() + DEFAULT_LIFETIME_MS),
            ...(region ? { region } : {})
        });
    }
    return out;
}

// EXTERNAL MODULE: ./src/text.ts
var src_text = __webpack_require__(8992);
// EXTERNAL MODULE: ./src/deadline.ts
var deadline = __webpack_require__(6683);
// EXTERNAL MODULE: ./src/helper/cached-get.ts
var cached_get = __webpack_require__(2897);
// EXTERNAL MODULE: ./src/helper/registry-map.ts
var registry_map = __webpack_require__(1914);
;// CONCATENATED MODULE: ./src/helper/credentials.ts








/** The protocol's one failure for `get`; docker treats it as "no credentials for this host". */
class CredentialsNotFound extends Error {
    constructor() {
        super('credentials not found in native keychain');
        this.name = 'CredentialsNotFound';
    }
}
/**
 * How long a `get` waits for AWS (credentials, client and API call, retries included) before it
 * fails, since docker waits for a credential helper without any limit: `api` with nothing cached,
 * `refresh` with a stale cached token in hand, which is served instead (it usually has hours left).
 */
const DEADLINES_MS = { api: 30_000, refresh: 10_000 };
const PUBLIC_ENDPOINT = `https://${registry/* PUBLIC_HOST */.dt}`;
/** get and list on top of registry.ts, the cache, and an EcrApi made only when needed. */
function ecrCredentials(deps) {
    const { log } = deps;
    // One helper run makes at most one call per API target, so a client is never reused.
    const ecrFor = (api, credentials) => deps.ecrFor(api, { proxy: { env: deps.env }, debug: message => log.debug(message), credentials });
    /** Calls GetAuthorizationToken and caches every entry it returns. */
    const fetchEntries = async (api, ids, fallbackEndpoint, identity) => {
        if (!identity && !(await deps.accessKeyId())) {
            throw new errors/* UserError */.yo('No AWS credentials were found (environment, profile, SSO, container or instance role).');
        }
        log.debug(`Calling ${api.service === 'ecr' ? 'ECR' : 'ECR Public'} GetAuthorizationToken` +
            (ids.length ? ` for ${ids.join(', ')}` : '') +
            (api.region ? ` in ${api.region}` : ''));
        let client;
        let data;
        try {
            const credentials = identity && deps.credentialsFor ? await deps.credentialsFor(identity, api.region) : undefined;
            client = await ecrFor(api, credentials);
            data = await client.getAuthorizationToken(ids);
        }
        catch (error) {
            throw error instanceof errors/* UserError */.yo
                ? error
                : (0,errors/* apiError */.pb)(error, {
                    service: api.service,
                    region: api.region ?? client?.region,
                    registries: ids
                });
        }
        const requestedAt = deps.now();
        const entries = [];
        for (const d of data) {
            // ECR Public has one host, whatever an answer says.
            const endpoint = api.service === 'ecr-public' ? fallbackEndpoint : (d.proxyEndpoint ?? fallbackEndpoint);
            if (!endpoint)
                continue;
            const { username, password } = decodeToken(d.authorizationToken);
            log.secret(password);
            // Only a host of the registry asked for (tokens.ts endpointHost) is cached and answered for.
            const host = api.service === 'ecr' ? endpointHost(endpoint, { account: ids[0], region: api.region }) : undefined;
            const target = api.service === 'ecr-public' ? { service: 'ecr-public' } : host ? privateTarget(host) : undefined;
            if (!target)
                throw new errors/* UserError */.yo(`The ECR API returned an unexpected registry endpoint: ${(0,src_text/* quoted */.TL)(endpoint)}`);
            const entry = {
                authorizationToken: d.authorizationToken,
                requestedAt,
                expiresAt: d.expiresAt ?? new Date(requestedAt.getTime() + DEFAULT_LIFETIME_MS),
                proxyEndpoint: endpoint,
                service: api.service
            };
            await deps.cache.set(target, entry);
            entries.push({ target, entry, username, password });
        }
        return entries;
    };
    /**
     * The cached token while fresh; else a new one; else, if the call failed, the stale one while it
     * has not expired. An expired token is never served: the pull or push would fail with a bare 403
     * (as with the Go helper, awslabs/amazon-ecr-credential-helper#679); the refresh's error says more.
     */
    const credentialsFor = async (wanted) => {
        const cached = await deps.cache.get(wanted.cacheTarget);
        const usable = cached && decodeCached(cached, log);
        const now = deps.now();
        if (cached && usable && (0,cache_file/* isFresh */.pL)(cached, now)) {
            log.debug((0,cached_get/* usingCachedLine */.Z$)(wanted.label));
            return usable;
        }
        if (cached) {
            log.debug(`Cached token for ${wanted.label} is no longer valid (requestedAt ${cached.requestedAt.toISOString()}, ` +
                `expiresAt ${cached.expiresAt.toISOString()})`);
        }
        const fallback = cached && usable && now < cached.expiresAt ? usable : undefined;
        try {
            const entries = await (0,deadline/* withDeadline */.N)(() => fetchEntries(wanted.api, wanted.ids, wanted.fallbackEndpoint, wanted.identity), (deps.deadlinesMs ?? DEADLINES_MS)[fallback ? 'refresh' : 'api'], noAnswer(`${wanted.api.service === 'ecr' ? 'ECR' : 'ECR Public'} did not answer for ${wanted.label}`));
            const mine = entries.find(e => sameTarget(e.target, wanted.cacheTarget)) ??
                (entries.length === 1 ? entries[0] : undefined);
            if (!mine)
                throw new errors/* UserError */.yo(`The ECR API returned no authorization data for ${wanted.label}.`);
            return { username: mine.username, password: mine.password };
        }
        catch (error) {
            // A 500 or a timeout from the service should not fail a pull while a token we already
            // have still works: serve it. Tokens are refreshed at half their lifetime, so a stale one
            // usually has hours left.
            if (fallback) {
                log.info(`Got error fetching authorization token for ${wanted.label}. Falling back to cached token. ` +
                    `Error was: ${(0,errors/* messageOf */.bD)(error)}`);
                return fallback;
            }
            if (cached && usable) {
                throw new errors/* UserError */.yo(`The cached token had expired (at ${cached.expiresAt.toISOString()}) and could not be refreshed: ` +
                    (0,errors/* messageOf */.bD)(error));
            }
            throw error;
        }
    };
    return {
        async get(serverUrl) {
            const host = (0,registry/* hostOf */.w4)(serverUrl);
            // An alias is served with its registry's token; an item's profile or role fetches it.
            const mapped = deps.registries ? (0,registry_map/* findRegistry */.J4)(deps.registries(), host) : undefined;
            const target = mapped ?? (0,registry/* parseHost */.o6)(host);
            if (!target) {
                log.error(`Error parsing the serverURL ${JSON.stringify(serverUrl)}: docker-credential-ecr-login can only be used with Amazon Elastic Container Registry.`);
                throw new CredentialsNotFound();
            }
            const wanted = wantedFor(host, target, mapped?.identity);
            log.debug((0,cached_get/* retrievingLine */.AT)(host, target));
            try {
                return await credentialsFor(wanted);
            }
            catch (error) {
                log.error(`Error retrieving credentials for ${host}: ${(0,errors/* messageOf */.bD)(error)}`);
                throw new CredentialsNotFound();
            }
        },
        async list() {
            log.debug('Listing credentials');
            const out = {};
            if (await deps.accessKeyId()) {
                // Like the Go helper, list first primes the cache with the default registry and ECR Public.
                await Promise.all([
                    (0,deadline/* withDeadline */.N)(() => fetchEntries({ service: 'ecr', fips: false }, []), (deps.deadlinesMs ?? DEADLINES_MS).api, noAnswer('ECR did not answer for the default registry')).then(entries => entries.forEach(e => (out[e.entry.proxyEndpoint] = e.username)), error => log.debug(`Couldn't get authorization token for default registry: ${(0,errors/* messageOf */.bD)(error)}`)),
                    credentialsFor(wantedFor(registry/* PUBLIC_HOST */.dt, (0,registry/* parseHost */.o6)(registry/* PUBLIC_HOST */.dt))).then(c => (out[PUBLIC_ENDPOINT] = c.username), error => log.debug(`Couldn't get authorization token for public registry: ${(0,errors/* messageOf */.bD)(error)}`))
                ]);
            }
            for (const entry of await deps.cache.list()) {
                const decoded = decodeCached(entry, log);
                if (decoded && entry.proxyEndpoint)
                    out[entry.proxyEndpoint] = decoded.username;
            }
            return out;
        }
    };
}
/** What `get` asks for a registry host, and `list` for ECR Public. */
function wantedFor(host, target, identity) {
    if (target.service === 'ecr-public') {
        return {
            api: { service: 'ecr-public', region: registry/* PUBLIC_REGION */.Ne, fips: false },
            cacheTarget: { service: 'ecr-public' },
            ids: [],
            label: host,
            fallbackEndpoint: PUBLIC_ENDPOINT,
            identity
        };
    }
    return {
        api: { service: 'ecr', region: target.region, fips: target.fips },
        cacheTarget: { service: 'ecr', region: target.region, account: target.account },
        ids: [target.account],
        label: host,
        // An alias in the registries file names its ECR host in `target.host`.
        fallbackEndpoint: `https://${target.host ?? host}`,
        identity
    };
}
function privateTarget(host) {
    const target = (0,cache_file/* cacheTargetOf */.TD)(host);
    return target?.service === 'ecr' ? target : undefined;
}
/** The error of a call past its deadline (deadline.ts): `message` and the time. */
function noAnswer(message) {
    return ms => new errors/* UserError */.yo(`${message} within ${ms / 1000} s`);
}
function sameTarget(a, b) {
    if (a.service === 'ecr-public' || b.service === 'ecr-public')
        return a.service === b.service;
    return a.account === b.account && a.region === b.region;
}
function decodeCached(entry, log) {
    try {
        const decoded = decodeToken(entry.authorizationToken);
        log.secret(decoded.password);
        return decoded;
    }
    catch (error) {
        log.debug(`Could not extract cached token for ${entry.proxyEndpoint}: ${(0,errors/* messageOf */.bD)(error)}`);
        return undefined;
    }
}
/**
 * The access key id the AWS SDK would sign with, for the cache key. Static keys in the environment
 * are read directly, so a cache hit never loads the SDK; otherwise the SDK's default chain
 * (profile, SSO, web identity, container, instance role) is loaded lazily and asked once.
 */
async function resolveAccessKeyId(env, log) {
    const fromEnv = (0,cache_file/* staticAccessKeyId */.nZ)(env);
    if (fromEnv)
        return fromEnv;
    try {
        // aws.ts is the only importer of the SDK; loaded lazily so a cache hit never pays for it.
        return await (await __webpack_require__.e(/* import() */ 873).then(__webpack_require__.bind(__webpack_require__, 5873))).defaultAccessKeyId();
    }
    catch (error) {
        log?.debug(`Could not resolve AWS credentials: ${(0,errors/* messageOf */.bD)(error)}`);
        return undefined;
    }
}

// EXTERNAL MODULE: ./src/helper/stdio.ts
var stdio = __webpack_require__(4509);
;// CONCATENATED MODULE: ./src/helper/program.ts











/**
 * The whole helper: every action, and every `get` that cached-get.ts could not answer. `stdin` is
 * what that already read, if anything. Exits the process with the protocol's exit code.
 */
async function runProgram(stdin) {
    const env = process.env;
    const dir = (0,cache_dir/* cacheDirOf */.BU)(env);
    const log = (0,helper_log/* fileLog */.R9)((0,helper_log/* logFileOf */.Qw)(dir));
    (0,helper_log/* captureWarnings */.im)(log);
    (0,helper_log/* captureConsole */.EM)(log);
    if (!(0,cache_dir/* cacheDisabled */.zX)(env))
        enableCompileCache(dir, log);
    let keyId;
    const accessKeyId = () => (keyId ??= resolveAccessKeyId(env, log));
    let map;
    let streamed = false;
    const code = await runCli({
        argv: process.argv.slice(2),
        readStdin: async () => stdin ?? (0,stdio/* readStdin */.vJ)(),
        stdout: text => {
            try {
                streamed = (0,stdio/* writeStdout */.jQ)(text) || streamed;
            }
            catch {
                // The reader went away (EPIPE): nothing left to tell it.
            }
        },
        env,
        version: package_0/* version */.rE,
        log,
        credentials: ecrCredentials({
            // aws.ts, its proxy agents and the SDK load only when the cache cannot answer.
            ecrFor: async (api, options) => (await __webpack_require__.e(/* import() */ 873).then(__webpack_require__.bind(__webpack_require__, 5873))).createEcrApi(api, options),
            cache: openCache(env, { accessKeyId, log }),
            accessKeyId,
            env,
            now: () => new Date(),
            log,
            registries: () => (map ??= (0,registry_map/* readRegistryMap */.W0)(env, message => log.info(message))),
            // STS and the profile code load only for an item of the registries file that has an identity.
            credentialsFor: async (identity, region) => (await __webpack_require__.e(/* import() */ 626).then(__webpack_require__.bind(__webpack_require__, 5626))).resolveIdentity(identity, {
                region,
                env,
                setSecret: value => log.secret(value),
                api: { proxy: { env }, debug: message => log.debug(message) }
            })
        })
    });
    // Exit now, not when idle keep-alive sockets close (or a request past its deadline gives up),
    // which would hold docker waiting; if stdout fell back to the stream, once it has flushed.
    if (streamed)
        process.stdout.write('', () => process.exit(code));
    else
        process.exit(code);
    return new Promise(() => { });
}
/**
 * Node's compile cache (node >= 22.1) for the code a miss loads (the AWS SDK: about 1 MB), kept
 * in the helper's own cache directory, private like it. Node keys each entry by its node version
 * and the source's hash, so a stale or foreign one is never used.
 */
function enableCompileCache(cacheDir, log) {
    const enable = (external_node_module_default()).enableCompileCache;
    if (!enable)
        return;
    try {
        const dir = (0,external_node_path_.join)(cacheDir, 'compile-cache');
        (0,private_files/* makePrivateDir */.hI)(cacheDir);
        (0,private_files/* makePrivateDir */.hI)(dir);
        enable(dir);
    }
    catch (error) {
        log.debug(`No compile cache: ${error.message}`);
    }
}


/***/ }),

/***/ 8330:
/***/ ((module) => {

module.exports = {"rE":"1.0.0"};

/***/ })

};
;