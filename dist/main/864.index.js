export const id = 864;
export const ids = [864,32];
export const modules = {

/***/ 3032:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  cacheDirOf: () => (/* binding */ cacheDirOf),
  pL: () => (/* binding */ isFresh),
  primeCache: () => (/* binding */ primeCache)
});

// UNUSED EXPORTS: CACHE_FILE, CACHE_VERSION, cacheDisabled, cacheKey, fileCache, formatGoTime, keyHash, legacyKeyHash, nullCache, openCache, parseCache, parseGoTime, readCache, writeCache

// EXTERNAL MODULE: external "node:crypto"
var external_node_crypto_ = __webpack_require__(7598);
// EXTERNAL MODULE: external "node:fs"
var external_node_fs_ = __webpack_require__(3024);
// EXTERNAL MODULE: external "node:os"
var external_node_os_ = __webpack_require__(8161);
// EXTERNAL MODULE: external "node:path"
var external_node_path_ = __webpack_require__(6760);
// EXTERNAL MODULE: ./src/registry.ts
var registry = __webpack_require__(1174);
;// CONCATENATED MODULE: ./src/helper/log.ts



/** A log that drops everything: for tests, and when the log file cannot be written. */
const log_nullLog = {
    debug() { },
    info() { },
    error() { },
    secret() { }
};
/** `<cache dir>/log/ecr-login.log`, the Go helper's log path. */
function logFileOf(cacheDir) {
    return join(cacheDir, 'log', 'ecr-login.log');
}
/**
 * Appends logrus-style lines (`time="…" level=… msg="…"`) to `file`, creating its directory
 * (0700) and the file (0600) on first use. Writes are synchronous so nothing is lost when the
 * helper exits right after answering; a failed write is ignored, since logging must never turn a
 * good answer into a failure.
 */
function fileLog(file, now = () => new Date()) {
    const secrets = new Set();
    let ready = false;
    const write = (level, message) => {
        const clean = redact(redactUrlsIn(message), secrets);
        const line = `time="${now().toISOString()}" level=${level} msg=${JSON.stringify(clean)}\n`;
        try {
            if (!ready) {
                mkdirSync(dirname(file), { recursive: true, mode: 0o700 });
                ready = true;
            }
            appendFileSync(file, line, { mode: 0o600 });
        }
        catch {
            // A read-only home or a full disk must not break `docker pull`.
        }
    };
    return {
        debug: message => write('debug', message),
        info: message => write('info', message),
        error: message => write('error', message),
        secret: value => {
            if (value)
                secrets.add(value);
        }
    };
}
/**
 * Sends process warnings (e.g. the AWS SDK's NodeVersionSupportWarning) to the log instead of
 * stderr: the helper's stderr is not a place for diagnostics, and Node prints warnings there by
 * default through a listener installed at start-up.
 */
function captureWarnings(log, target = process) {
    target.removeAllListeners('warning');
    target.on('warning', warning => log.info(`${warning.name}: ${warning.message}`));
}

;// CONCATENATED MODULE: ./src/helper/cache.ts






/** The only cache file version the Go helper reads and writes; anything else is thrown away. */
const CACHE_VERSION = '1.0';
const CACHE_FILE = 'cache.json';
/** The do-nothing cache: AWS_ECR_DISABLE_CACHE is set, or no AWS credentials could be resolved. */
const nullCache = {
    get: async () => undefined,
    set: async () => { },
    list: async () => []
};
/** `H` of the cache key: base64(sha256(access key id)), the Go helper's key since 0.12. */
function keyHash(accessKeyId) {
    return (0,external_node_crypto_.createHash)('sha256').update(accessKeyId).digest('base64');
}
/**
 * `H` as Go helpers before 0.12 computed it: `md5.New().Sum(id)` appends the MD5 of nothing to the
 * id instead of hashing it, so the "hash" is base64(id ‖ md5("")). Read only, as a fallback.
 */
function legacyKeyHash(accessKeyId) {
    const emptyMd5 = createHash('md5').digest();
    return Buffer.concat([Buffer.from(accessKeyId, 'utf8'), emptyMd5]).toString('base64');
}
/** `<region>-<H>-<account>` for a private registry, `ecr-public-<H>` for ECR Public. */
function cacheKey(target, accessKeyId, hash = keyHash) {
    const h = hash(accessKeyId);
    return target.service === 'ecr-public' ? `ecr-public-${h}` : `${target.region}-${h}-${target.account}`;
}
/**
 * True while `now` is before the midpoint of the token's lifetime (a 12 h token is refreshed after
 * 6 h), so that a token served from the cache always has hours left, as in the Go helper.
 */
function isFresh(entry, now) {
    const requested = entry.requestedAt.getTime();
    const expires = entry.expiresAt.getTime();
    return now.getTime() < expires - (expires - requested) / 2;
}
/** The cache directory: $AWS_ECR_CACHE_DIR (with `~` expanded), else `~/.ecr`. */
function cacheDirOf(env, home = external_node_os_.homedir) {
    const dir = env.AWS_ECR_CACHE_DIR || '~/.ecr';
    if (dir === '~')
        return home();
    if (dir.startsWith('~/') || dir.startsWith('~\\'))
        return (0,external_node_path_.join)(home(), dir.slice(2));
    return dir;
}
/** True when AWS_ECR_DISABLE_CACHE has any non-empty value. */
function cacheDisabled(env) {
    return Boolean(env.AWS_ECR_DISABLE_CACHE);
}
/** The cache for the helper's environment: `nullCache` when disabled, else the file cache. */
function openCache(env, options) {
    if (cacheDisabled(env)) {
        options.log?.debug('Cache disabled due to AWS_ECR_DISABLE_CACHE');
        return nullCache;
    }
    return fileCache({ ...options, dir: cacheDirOf(env) });
}
/** cache.json in `dir`, in the Go helper's format, so both helpers can share one cache. */
function fileCache(options) {
    const { dir } = options;
    const log = options.log ?? nullLog;
    let id;
    const accessKeyId = () => {
        id ??= options.accessKeyId().then(value => {
            if (!value)
                log.debug('Could not fetch credentials for cache prefix, disabling cache');
            return value || undefined;
        });
        return id;
    };
    return {
        async get(target) {
            const key = await accessKeyId();
            if (!key)
                return undefined;
            const registries = readCache(dir, log);
            return registries[cacheKey(target, key)] ?? registries[cacheKey(target, key, legacyKeyHash)];
        },
        async set(target, entry) {
            const key = await accessKeyId();
            if (!key)
                return;
            const registries = readCache(dir, log);
            registries[cacheKey(target, key)] = entry;
            try {
                writeCache(dir, registries);
            }
            catch (error) {
                log.info(`Could not save cache: ${error.message}`);
            }
        },
        async list() {
            return (await accessKeyId()) ? Object.values(readCache(dir, log)) : [];
        }
    };
}
/**
 * Stores tokens the action just fetched, so that the helper run later in the job (e.g. by
 * `docker pull` with `credHelpers`) answers from the cache without another API call. `accessKeyId`
 * must be the key the tokens were fetched with; without one nothing is written (the helper could
 * never find the entries). Hosts that are not ECR registries are skipped. Throws when the file
 * cannot be written.
 */
function primeCache(dir, accessKeyId, grants, now = new Date()) {
    if (!accessKeyId)
        return;
    const registries = readCache(dir, log_nullLog);
    let changed = false;
    for (const grant of grants) {
        const target = (0,registry/* parseHost */.o6)(grant.host);
        if (!target)
            continue;
        const entry = {
            authorizationToken: Buffer.from(`${grant.username}:${grant.password}`).toString('base64'),
            requestedAt: now,
            expiresAt: grant.expiresAt,
            proxyEndpoint: `https://${target.service === 'ecr-public' ? registry/* PUBLIC_HOST */.dt : grant.host}`,
            service: target.service
        };
        const cacheTarget = target.service === 'ecr-public'
            ? { service: 'ecr-public' }
            : { service: 'ecr', region: target.region, account: target.account };
        registries[cacheKey(cacheTarget, accessKeyId)] = entry;
        changed = true;
    }
    if (changed)
        writeCache(dir, registries);
}
/**
 * Reads cache.json. A missing file is an empty cache; a file that is not JSON, not the expected
 * shape, or of another Version is deleted and treated as empty, as the Go helper does.
 */
function readCache(dir, log = log_nullLog) {
    const file = (0,external_node_path_.join)(dir, CACHE_FILE);
    let text;
    try {
        text = (0,external_node_fs_.readFileSync)(file, 'utf8');
    }
    catch (error) {
        if (error.code !== 'ENOENT') {
            log.info(`Could not load existing cache: ${error.message}`);
        }
        return {};
    }
    try {
        return parseCache(text);
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
/** Parses cache.json text; throws on anything the Go helper would refuse to load. */
function parseCache(text) {
    const data = JSON.parse(text);
    if (typeof data !== 'object' || data === null || Array.isArray(data))
        throw new Error('not a JSON object');
    if (data.Version !== CACHE_VERSION) {
        throw new Error(`cache version ${JSON.stringify(data.Version)} is not compatible with "${CACHE_VERSION}"`);
    }
    const raw = data.Registries ?? {};
    if (typeof raw !== 'object' || Array.isArray(raw))
        throw new Error('Registries is not an object');
    const out = {};
    for (const [key, value] of Object.entries(raw)) {
        if (value === null)
            continue;
        if (typeof value !== 'object' || Array.isArray(value))
            throw new Error(`entry ${key} is not an object`);
        const entry = parseEntry(key, value);
        if (entry)
            out[key] = entry;
    }
    return out;
}
function parseEntry(key, value) {
    for (const field of [
        'AuthorizationToken',
        'RequestedAt',
        'ExpiresAt',
        'ProxyEndpoint',
        'Service'
    ]) {
        const v = value[field];
        if (v !== undefined && typeof v !== 'string')
            throw new Error(`entry ${key}: ${field} is not a string`);
    }
    // Go decodes a missing field as its zero value; such an entry can never be served, so skip it.
    if (!value.AuthorizationToken || value.RequestedAt === undefined || value.ExpiresAt === undefined)
        return;
    const service = value.Service === 'ecr-public' || (!value.Service && key.startsWith('ecr-public-')) ? 'ecr-public' : 'ecr';
    return {
        authorizationToken: value.AuthorizationToken,
        requestedAt: parseGoTime(value.RequestedAt),
        expiresAt: parseGoTime(value.ExpiresAt),
        proxyEndpoint: value.ProxyEndpoint ?? '',
        service
    };
}
/**
 * Writes cache.json atomically: a temp file (0600) in the same directory (0700), then a rename,
 * whose failure is reported rather than ignored. Readers see the old file or the new one, never
 * half of one.
 */
function writeCache(dir, registries) {
    (0,external_node_fs_.mkdirSync)(dir, { recursive: true, mode: 0o700 });
    const sorted = {};
    for (const key of Object.keys(registries).sort()) {
        const e = registries[key];
        sorted[key] = {
            AuthorizationToken: e.authorizationToken,
            RequestedAt: formatGoTime(e.requestedAt),
            ExpiresAt: formatGoTime(e.expiresAt),
            ProxyEndpoint: e.proxyEndpoint,
            Service: e.service
        };
    }
    const text = JSON.stringify({ Registries: sorted, Version: CACHE_VERSION }, null, 2);
    const temp = (0,external_node_path_.join)(dir, `.${CACHE_FILE}.${process.pid}.${(0,external_node_crypto_.randomBytes)(6).toString('hex')}.tmp`);
    (0,external_node_fs_.writeFileSync)(temp, text, { mode: 0o600, flag: 'wx' });
    try {
        (0,external_node_fs_.renameSync)(temp, (0,external_node_path_.join)(dir, CACHE_FILE));
    }
    catch (error) {
        try {
            (0,external_node_fs_.unlinkSync)(temp);
        }
        catch {
            // Already gone; the rename error below is the one worth reporting.
        }
        throw error;
    }
}
const GO_TIME = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,9}))?(Z|[+-]\d{2}:\d{2})$/;
/**
 * Parses a Go `time.Time` JSON value (RFC 3339 with optional fractional seconds and a zone offset,
 * e.g. `2026-11-23T22:00:00.123456789+01:00`). Digits past milliseconds are dropped.
 */
function parseGoTime(text) {
    const m = GO_TIME.exec(text);
    if (!m)
        throw new Error(`'${text}' is not an RFC 3339 time`);
    const [, y, mo, d, h, mi, s, frac, zone] = m;
    const ms = frac ? Number(frac.slice(0, 3).padEnd(3, '0')) : 0;
    const date = new Date(Date.UTC(2000, Number(mo) - 1, Number(d), Number(h), Number(mi), Number(s), ms));
    // Date.UTC maps years 0–99 to 1900–1999; Go's zero time is year 1.
    date.setUTCFullYear(Number(y));
    // Date.UTC rolls 13/45 over into the next year instead of refusing it; Go refuses it.
    const fields = [date.getUTCMonth() + 1, date.getUTCDate(), date.getUTCHours(), date.getUTCMinutes()];
    if (fields.join() !== [mo, d, h, mi].map(Number).join() || Number(s) > 59) {
        throw new Error(`'${text}' is not a valid time`);
    }
    if (zone !== 'Z') {
        const sign = zone.startsWith('-') ? -1 : 1;
        const offset = (Number(zone.slice(1, 3)) * 60 + Number(zone.slice(4, 6))) * 60_000;
        date.setTime(date.getTime() - sign * offset);
    }
    return date;
}
/** Formats a time as Go's time.Time JSON does for UTC: RFC 3339, fraction without trailing zeros. */
function formatGoTime(date) {
    return date.toISOString().replace(/\.?0+Z$/, 'Z');
}


/***/ }),

/***/ 7864:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

__webpack_require__.r(__webpack_exports__);
/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   CredentialsNotFound: () => (/* binding */ CredentialsNotFound),
/* harmony export */   ecrCredentials: () => (/* binding */ ecrCredentials),
/* harmony export */   resolveAccessKeyId: () => (/* binding */ resolveAccessKeyId)
/* harmony export */ });
/* harmony import */ var _errors_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(2174);
/* harmony import */ var _registry_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(1174);
/* harmony import */ var _tokens_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(8979);
/* harmony import */ var _cache_js__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(3032);




/** The protocol's one failure for `get`; docker treats it as "no credentials for this host". */
class CredentialsNotFound extends Error {
    constructor() {
        super('credentials not found in native keychain');
        this.name = 'CredentialsNotFound';
    }
}
const PUBLIC_ENDPOINT = `https://${_registry_js__WEBPACK_IMPORTED_MODULE_1__/* .PUBLIC_HOST */ .dt}`;
/** get and list on top of registry.ts, the cache, and an EcrApi made only when needed. */
function ecrCredentials(deps) {
    const { log } = deps;
    // One helper run makes at most one call per API target, so a client is never reused.
    const ecrFor = (api) => deps.ecrFor(api, { proxy: { env: deps.env }, debug: message => log.debug(message) });
    /** Calls GetAuthorizationToken and caches every entry it returns. */
    const fetchEntries = async (api, ids, fallbackEndpoint) => {
        if (!(await deps.accessKeyId())) {
            throw new _errors_js__WEBPACK_IMPORTED_MODULE_0__/* .UserError */ .yo('No AWS credentials were found (environment, profile, SSO, container or instance role).');
        }
        log.debug(`Calling ${api.service === 'ecr' ? 'ECR' : 'ECR Public'} GetAuthorizationToken` +
            (ids.length ? ` for ${ids.join(', ')}` : '') +
            (api.region ? ` in ${api.region}` : ''));
        let client;
        let data;
        try {
            client = await ecrFor(api);
            data = await client.getAuthorizationToken(ids);
        }
        catch (error) {
            throw error instanceof _errors_js__WEBPACK_IMPORTED_MODULE_0__/* .UserError */ .yo
                ? error
                : (0,_errors_js__WEBPACK_IMPORTED_MODULE_0__/* .apiError */ .pb)(error, {
                    service: api.service,
                    region: api.region ?? client?.region,
                    registries: ids
                });
        }
        const requestedAt = deps.now();
        const entries = [];
        for (const d of data) {
            const endpoint = d.proxyEndpoint ?? fallbackEndpoint;
            if (!endpoint)
                continue;
            const { username, password } = (0,_tokens_js__WEBPACK_IMPORTED_MODULE_2__/* .decodeToken */ .oL)(d.authorizationToken);
            log.secret(password);
            const target = api.service === 'ecr-public' ? { service: 'ecr-public' } : privateTarget((0,_registry_js__WEBPACK_IMPORTED_MODULE_1__/* .hostFromEndpoint */ .gk)(endpoint));
            if (!target)
                throw new _errors_js__WEBPACK_IMPORTED_MODULE_0__/* .UserError */ .yo(`The ECR API returned an unexpected registry endpoint: ${endpoint}`);
            const entry = {
                authorizationToken: d.authorizationToken,
                requestedAt,
                expiresAt: d.expiresAt ?? new Date(requestedAt.getTime() + _tokens_js__WEBPACK_IMPORTED_MODULE_2__/* .DEFAULT_LIFETIME_MS */ .RC),
                proxyEndpoint: endpoint,
                service: api.service
            };
            await deps.cache.set(target, entry);
            entries.push({ target, entry, username, password });
        }
        return entries;
    };
    /** The cached token while fresh; else a new one; else, if the call failed, the stale one. */
    const credentialsFor = async (wanted) => {
        const cached = await deps.cache.get(wanted.cacheTarget);
        const usable = cached && decodeCached(cached, log);
        if (cached && usable && (0,_cache_js__WEBPACK_IMPORTED_MODULE_3__/* .isFresh */ .pL)(cached, deps.now())) {
            log.debug(`Using cached token for ${wanted.label}`);
            return usable;
        }
        if (cached) {
            log.debug(`Cached token for ${wanted.label} is no longer valid (requestedAt ${cached.requestedAt.toISOString()}, ` +
                `expiresAt ${cached.expiresAt.toISOString()})`);
        }
        try {
            const entries = await fetchEntries(wanted.api, wanted.ids, wanted.fallbackEndpoint);
            const mine = entries.find(e => sameTarget(e.target, wanted.cacheTarget)) ??
                (entries.length === 1 ? entries[0] : undefined);
            if (!mine)
                throw new _errors_js__WEBPACK_IMPORTED_MODULE_0__/* .UserError */ .yo(`The ECR API returned no authorization data for ${wanted.label}.`);
            return { username: mine.username, password: mine.password };
        }
        catch (error) {
            // A 500 or a timeout from the service should not fail a pull while a token we already
            // have may still work: serve it, stale or not. Tokens are refreshed at half their
            // lifetime, so a stale one usually has hours left.
            if (usable) {
                log.info(`Got error fetching authorization token for ${wanted.label}. Falling back to cached token. ` +
                    `Error was: ${(0,_errors_js__WEBPACK_IMPORTED_MODULE_0__/* .messageOf */ .bD)(error)}`);
                return usable;
            }
            throw error;
        }
    };
    return {
        async get(serverUrl) {
            const host = (0,_registry_js__WEBPACK_IMPORTED_MODULE_1__/* .hostOf */ .w4)(serverUrl);
            const target = (0,_registry_js__WEBPACK_IMPORTED_MODULE_1__/* .parseHost */ .o6)(host);
            if (!target) {
                log.error(`Error parsing the serverURL ${JSON.stringify(serverUrl)}: docker-credential-ecr-login can only be used with Amazon Elastic Container Registry.`);
                throw new CredentialsNotFound();
            }
            const wanted = target.service === 'ecr-public'
                ? {
                    api: { service: 'ecr-public', region: _registry_js__WEBPACK_IMPORTED_MODULE_1__/* .PUBLIC_REGION */ .Ne, fips: false },
                    cacheTarget: { service: 'ecr-public' },
                    ids: [],
                    label: host,
                    fallbackEndpoint: PUBLIC_ENDPOINT
                }
                : {
                    api: { service: 'ecr', region: target.region, fips: target.fips },
                    cacheTarget: { service: 'ecr', region: target.region, account: target.account },
                    ids: [target.account],
                    label: host,
                    fallbackEndpoint: `https://${host}`
                };
            log.debug(`Retrieving credentials for ${host} (${target.service}${target.region ? ` ${target.region}` : ''})`);
            try {
                return await credentialsFor(wanted);
            }
            catch (error) {
                log.error(`Error retrieving credentials for ${host}: ${(0,_errors_js__WEBPACK_IMPORTED_MODULE_0__/* .messageOf */ .bD)(error)}`);
                throw new CredentialsNotFound();
            }
        },
        async list() {
            log.debug('Listing credentials');
            const out = {};
            if (await deps.accessKeyId()) {
                // Like the Go helper, list first primes the cache with the default registry and ECR Public.
                await Promise.all([
                    fetchEntries({ service: 'ecr', fips: false }, []).then(entries => entries.forEach(e => (out[e.entry.proxyEndpoint] = e.username)), error => log.debug(`Couldn't get authorization token for default registry: ${(0,_errors_js__WEBPACK_IMPORTED_MODULE_0__/* .messageOf */ .bD)(error)}`)),
                    credentialsFor({
                        api: { service: 'ecr-public', region: _registry_js__WEBPACK_IMPORTED_MODULE_1__/* .PUBLIC_REGION */ .Ne, fips: false },
                        cacheTarget: { service: 'ecr-public' },
                        ids: [],
                        label: _registry_js__WEBPACK_IMPORTED_MODULE_1__/* .PUBLIC_HOST */ .dt,
                        fallbackEndpoint: PUBLIC_ENDPOINT
                    }).then(c => (out[PUBLIC_ENDPOINT] = c.username), error => log.debug(`Couldn't get authorization token for public registry: ${(0,_errors_js__WEBPACK_IMPORTED_MODULE_0__/* .messageOf */ .bD)(error)}`))
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
function privateTarget(host) {
    const t = (0,_registry_js__WEBPACK_IMPORTED_MODULE_1__/* .parseHost */ .o6)(host);
    return t?.service === 'ecr' ? { service: 'ecr', region: t.region, account: t.account } : undefined;
}
function sameTarget(a, b) {
    if (a.service === 'ecr-public' || b.service === 'ecr-public')
        return a.service === b.service;
    return a.account === b.account && a.region === b.region;
}
function decodeCached(entry, log) {
    try {
        const decoded = (0,_tokens_js__WEBPACK_IMPORTED_MODULE_2__/* .decodeToken */ .oL)(entry.authorizationToken);
        log.secret(decoded.password);
        return decoded;
    }
    catch (error) {
        log.debug(`Could not extract cached token for ${entry.proxyEndpoint}: ${(0,_errors_js__WEBPACK_IMPORTED_MODULE_0__/* .messageOf */ .bD)(error)}`);
        return undefined;
    }
}
/**
 * The access key id the AWS SDK would sign with, for the cache key. Static keys in the environment
 * are read directly, so a cache hit never loads the SDK; otherwise the SDK's default chain
 * (profile, SSO, web identity, container, instance role) is loaded lazily and asked once.
 */
async function resolveAccessKeyId(env, log) {
    // The SDK skips environment keys when AWS_PROFILE is set, so the fast path must too.
    if (env.AWS_ACCESS_KEY_ID && env.AWS_SECRET_ACCESS_KEY && !env.AWS_PROFILE)
        return env.AWS_ACCESS_KEY_ID;
    try {
        // aws.ts is the only importer of the SDK; loaded lazily so a cache hit never pays for it.
        return await (await __webpack_require__.e(/* import() */ 886).then(__webpack_require__.bind(__webpack_require__, 5886))).defaultAccessKeyId();
    }
    catch (error) {
        log?.debug(`Could not resolve AWS credentials: ${(0,_errors_js__WEBPACK_IMPORTED_MODULE_0__/* .messageOf */ .bD)(error)}`);
        return undefined;
    }
}


/***/ })

};
