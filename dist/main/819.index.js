"use strict";
exports.id = 819;
exports.ids = [819,914];
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

/***/ 1772:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  Sk: () => (/* binding */ CACHE_FILE),
  yL: () => (/* binding */ CACHE_VERSION),
  k$: () => (/* binding */ cacheKey),
  TD: () => (/* binding */ cacheTargetOf),
  w4: () => (/* binding */ findEntry),
  Z0: () => (/* binding */ formatGoTime),
  pL: () => (/* binding */ isFresh),
  IW: () => (/* binding */ parseCache),
  nZ: () => (/* binding */ staticAccessKeyId)
});

// UNUSED EXPORTS: keyHash, legacyKeyHash, parseGoTime

// EXTERNAL MODULE: ./src/ecr/registry.ts
var registry = __webpack_require__(8591);
;// CONCATENATED MODULE: ./src/helper/sha256.ts
// SHA-256 (FIPS 180-4) in plain JavaScript, for the cache key only. Loading node:crypto costs
// about 8 ms of node 24's start-up (it pulls in ciphers, keys, X.509 and more), a third of what a
// warm-cache `get` may spend above `node -e 0`; hashing one access key id by hand costs
// microseconds. Checked against node:crypto in __tests__/unit/helper-sha256.test.ts.
const K = new Uint32Array([
    0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5, 0xd807aa98,
    0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174, 0xe49b69c1, 0xefbe4786,
    0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da, 0x983e5152, 0xa831c66d, 0xb00327c8,
    0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967, 0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13,
    0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85, 0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819,
    0xd6990624, 0xf40e3585, 0x106aa070, 0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a,
    0x5b9cca4f, 0x682e6ff3, 0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7,
    0xc67178f2
]);
const rotr = (x, n) => (x >>> n) | (x << (32 - n));
/** The SHA-256 digest of `data` (32 bytes). */
function sha256(data) {
    // Padding: 0x80, zeros, then the length in bits as a 64-bit big-endian number.
    const size = Math.ceil((data.length + 9) / 64) * 64;
    const message = new Uint8Array(size);
    message.set(data);
    message[data.length] = 0x80;
    const view = new DataView(message.buffer);
    view.setUint32(size - 8, Math.floor(data.length / 0x20000000));
    view.setUint32(size - 4, (data.length * 8) >>> 0);
    const h = new Uint32Array([
        0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a, 0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19
    ]);
    const w = new Uint32Array(64);
    for (let offset = 0; offset < size; offset += 64) {
        for (let i = 0; i < 16; i++)
            w[i] = view.getUint32(offset + i * 4);
        for (let i = 16; i < 64; i++) {
            const s0 = rotr(w[i - 15], 7) ^ rotr(w[i - 15], 18) ^ (w[i - 15] >>> 3);
            const s1 = rotr(w[i - 2], 17) ^ rotr(w[i - 2], 19) ^ (w[i - 2] >>> 10);
            w[i] = w[i - 16] + s0 + w[i - 7] + s1;
        }
        let [a, b, c, d, e, f, g, hh] = h;
        for (let i = 0; i < 64; i++) {
            const t1 = (hh + (rotr(e, 6) ^ rotr(e, 11) ^ rotr(e, 25)) + ((e & f) ^ (~e & g)) + K[i] + w[i]) >>> 0;
            const t2 = ((rotr(a, 2) ^ rotr(a, 13) ^ rotr(a, 22)) + ((a & b) ^ (a & c) ^ (b & c))) >>> 0;
            hh = g;
            g = f;
            f = e;
            e = (d + t1) >>> 0;
            d = c;
            c = b;
            b = a;
            a = (t1 + t2) >>> 0;
        }
        h[0] += a;
        h[1] += b;
        h[2] += c;
        h[3] += d;
        h[4] += e;
        h[5] += f;
        h[6] += g;
        h[7] += hh;
    }
    const digest = Buffer.alloc(32);
    h.forEach((word, i) => digest.writeUInt32BE(word, i * 4));
    return digest;
}

;// CONCATENATED MODULE: ./src/helper/cache-file.ts
// cache.json as the Go helper writes it: keys, entries, freshness, Go times. The part of the cache
// a warm `get` needs (cached-get.ts), kept apart from the store in cache.ts so that a cache hit
// loads no more.


/** The only cache file version the Go helper reads and writes; anything else is thrown away. */
const CACHE_VERSION = '1.0';
const CACHE_FILE = 'cache.json';
/** What a registry host is cached under; undefined when it is not an ECR registry. */
function cacheTargetOf(host) {
    const target = (0,registry/* parseHost */.o6)(host);
    if (!target)
        return undefined;
    return target.service === 'ecr-public'
        ? { service: 'ecr-public' }
        : { service: 'ecr', region: target.region, account: target.account };
}
/** `H` of the cache key: base64(sha256(access key id)), the Go helper's key since 0.12. */
function keyHash(accessKeyId) {
    return sha256(Buffer.from(accessKeyId, 'utf8')).toString('base64');
}
/** md5(""), a constant: the legacy key below never hashes anything. */
const EMPTY_MD5 = Buffer.from('d41d8cd98f00b204e9800998ecf8427e', 'hex');
/**
 * `H` as Go helpers before 0.12 computed it: `md5.New().Sum(id)` appends the MD5 of nothing to the
 * id instead of hashing it, so the "hash" is base64(id ‖ md5("")). Read only, as a fallback.
 */
function legacyKeyHash(accessKeyId) {
    return Buffer.concat([Buffer.from(accessKeyId, 'utf8'), EMPTY_MD5]).toString('base64');
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
/**
 * The entry for `target`: the one stored under `accessKeyId` (or its legacy key); in a job cache
 * (`anyKey`), the latest-expiring one under any key, whatever credentials the caller has.
 */
function findEntry(registries, target, accessKeyId, anyKey = false) {
    if (!anyKey) {
        if (!accessKeyId)
            return undefined;
        return (registries[cacheKey(target, accessKeyId)] ?? registries[cacheKey(target, accessKeyId, legacyKeyHash)]);
    }
    let best;
    for (const [key, entry] of Object.entries(registries)) {
        if (keyIsFor(key, target) && (!best || entry.expiresAt > best.expiresAt))
            best = entry;
    }
    return best;
}
/** Whether a cache key is `<region>-<H>-<account>` or `ecr-public-<H>` for `target`, any H. */
function keyIsFor(key, target) {
    if (target.service === 'ecr-public')
        return key.startsWith('ecr-public-');
    const prefix = `${target.region}-`;
    const suffix = `-${target.account}`;
    // H is base64, which has no `-`: anything else is another region's key.
    return (key.length > prefix.length + suffix.length &&
        key.startsWith(prefix) &&
        key.endsWith(suffix) &&
        !key.slice(prefix.length, -suffix.length).includes('-'));
}
/**
 * Static keys from the environment, as the SDK would use them (not when AWS_PROFILE is set, which
 * makes it skip them): the cache key without loading the SDK.
 */
function staticAccessKeyId(env) {
    return env.AWS_ACCESS_KEY_ID && env.AWS_SECRET_ACCESS_KEY && !env.AWS_PROFILE
        ? env.AWS_ACCESS_KEY_ID
        : undefined;
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

/***/ 4819:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

// ESM COMPAT FLAG
__webpack_require__.r(__webpack_exports__);

// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  CredentialsNotFound: () => (/* binding */ CredentialsNotFound),
  DEADLINES_MS: () => (/* binding */ DEADLINES_MS),
  ecrCredentials: () => (/* binding */ ecrCredentials),
  resolveAccessKeyId: () => (/* binding */ resolveAccessKeyId)
});

// EXTERNAL MODULE: ./src/errors.ts
var errors = __webpack_require__(3916);
// EXTERNAL MODULE: ./src/ecr/registry.ts
var registry = __webpack_require__(8591);
// EXTERNAL MODULE: ./src/ecr/tokens.ts
var tokens = __webpack_require__(1298);
// EXTERNAL MODULE: ./src/text.ts
var src_text = __webpack_require__(8992);
// EXTERNAL MODULE: ./src/deadline.ts
var deadline = __webpack_require__(6683);
// EXTERNAL MODULE: ./src/helper/cache-file.ts + 1 modules
var cache_file = __webpack_require__(1772);
// EXTERNAL MODULE: external "node:path"
var external_node_path_ = __webpack_require__(6760);
// EXTERNAL MODULE: ./src/helper/cache-dir.ts
var cache_dir = __webpack_require__(7108);
// EXTERNAL MODULE: ./src/helper/log.ts
var log = __webpack_require__(1442);
// EXTERNAL MODULE: ./src/helper/private-files.ts
var private_files = __webpack_require__(8813);
// EXTERNAL MODULE: ./src/helper/registry-map.ts
var registry_map = __webpack_require__(1914);
// EXTERNAL MODULE: external "node:fs"
var external_node_fs_ = __webpack_require__(3024);
;// CONCATENATED MODULE: ./src/helper/stdio.ts

// Docker runs the helper once per credential lookup, so start-up is the cost: read and write the
// descriptors directly instead of building process.stdin/stdout streams (~10 ms); streams only
// when a descriptor is non-blocking (EAGAIN).
/** All of stdin, read synchronously; undefined when fd 0 is non-blocking (read it as a stream). */
function readStdinSync() {
    try {
        return (0,external_node_fs_.readFileSync)(0, 'utf8');
    }
    catch (error) {
        if (error.code !== 'EAGAIN')
            throw error;
        return undefined;
    }
}
/** All of stdin: synchronously when it can be, else through process.stdin. */
async function readStdin() {
    const text = readStdinSync();
    if (text !== undefined)
        return text;
    const chunks = [];
    for await (const chunk of process.stdin)
        chunks.push(chunk);
    return Buffer.concat(chunks).toString('utf8');
}
/**
 * Writes `text` to fd 1 synchronously. Returns true when it had to fall back to process.stdout
 * (a non-blocking pipe said EAGAIN): the caller must then let it flush before exiting.
 */
function writeStdout(text) {
    let rest = Buffer.from(text);
    try {
        while (rest.length)
            rest = rest.subarray((0,external_node_fs_.writeSync)(1, rest));
        return false;
    }
    catch (error) {
        if (error.code !== 'EAGAIN')
            throw error;
        process.stdout.write(rest);
        return true;
    }
}

;// CONCATENATED MODULE: ./src/helper/cached-get.ts









const processIo = {
    readStdin: readStdinSync,
    stdout: text => {
        try {
            return writeStdout(text);
        }
        catch {
            // The reader went away (EPIPE): nothing left to tell it.
            return false;
        }
    },
    now: () => new Date()
};
/**
 * `get` answered from a fresh cache.json entry, the case docker hits on every pull: the same
 * answer, exit code and log lines as the full program (program.ts), without loading it, the AWS
 * SDK or node:crypto. Anything else (another action, no static keys outside a job cache, a miss,
 * a stale or unreadable entry) is left to the full program, which also logs why.
 */
function getFromCache(argv, env, io = processIo) {
    if (argv.length !== 1 || argv[0] !== 'get' || cacheDisabled(env))
        return { answered: false };
    const stdin = io.readStdin();
    if (stdin === undefined)
        return { answered: false };
    const miss = { answered: false, stdin };
    const serverUrl = payload(stdin);
    const host = hostOf(serverUrl);
    // An alias of the registries file is answered with its registry's cached token.
    const aliased = cacheTargetOf(host) ? undefined : findRegistry(readRegistryMap(env), host)?.host;
    const target = cacheTargetOf(aliased ?? host);
    // A job cache serves any key's entry; elsewhere the key must be known without the SDK.
    const anyKey = isJobCache(env);
    const keyId = anyKey ? undefined : staticAccessKeyId(env);
    if (!target || !(anyKey || keyId))
        return miss;
    const dir = cacheDirOf(env);
    let registries;
    try {
        checkPrivateDir(dir);
        const text = readPrivate(join(dir, CACHE_FILE));
        if (text === undefined)
            return miss;
        registries = parseCache(text);
    }
    catch {
        // The full program reads it again, and logs or repairs what is wrong.
        return miss;
    }
    const now = io.now();
    const entry = findEntry(registries, target, keyId, anyKey);
    if (!entry || !isFresh(entry, now))
        return miss;
    const credentials = decode(entry);
    if (!credentials)
        return miss;
    const flushing = io.stdout(getAnswer(serverUrl, credentials));
    const log = fileLog(logFileOf(dir), () => now);
    log.debug(retrievingLine(host, parseHost(aliased ?? host)));
    log.debug(usingCachedLine(host));
    return { answered: true, flushing };
}
/** The log line that starts every `get` (credentials.ts logs it too). */
function retrievingLine(host, target) {
    return `Retrieving credentials for ${host} (${target.service}${target.region ? ` ${target.region}` : ''})`;
}
/** The log line of a cache hit. */
function usingCachedLine(label) {
    return `Using cached token for ${label}`;
}
/**
 * user:password from the entry's base64 token, as tokens.ts decodeToken reads it; written out
 * here so that a cache hit does not load tokens.ts and errors.ts. Undefined when it is not one.
 */
function decode(entry) {
    const text = Buffer.from(entry.authorizationToken, 'base64').toString('utf8');
    const colon = text.indexOf(':');
    return colon > 0 ? { username: text.slice(0, colon), password: text.slice(colon + 1) } : undefined;
}

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
            const { username, password } = (0,tokens/* decodeToken */.oL)(d.authorizationToken);
            log.secret(password);
            // Only a host of the registry asked for (tokens.ts endpointHost) is cached and answered for.
            const host = api.service === 'ecr' ? (0,tokens/* endpointHost */.GN)(endpoint, { account: ids[0], region: api.region }) : undefined;
            const target = api.service === 'ecr-public' ? { service: 'ecr-public' } : host ? privateTarget(host) : undefined;
            if (!target)
                throw new errors/* UserError */.yo(`The ECR API returned an unexpected registry endpoint: ${(0,src_text/* quoted */.TL)(endpoint)}`);
            const entry = {
                authorizationToken: d.authorizationToken,
                requestedAt,
                expiresAt: d.expiresAt ?? new Date(requestedAt.getTime() + tokens/* DEFAULT_LIFETIME_MS */.RC),
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
            log.debug(usingCachedLine(wanted.label));
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
            const mapped = deps.registries ? (0,registry_map.findRegistry)(deps.registries(), host) : undefined;
            const target = mapped ?? (0,registry/* parseHost */.o6)(host);
            if (!target) {
                log.error(`Error parsing the serverURL ${JSON.stringify(serverUrl)}: docker-credential-ecr-login can only be used with Amazon Elastic Container Registry.`);
                throw new CredentialsNotFound();
            }
            const wanted = wantedFor(host, target, mapped?.identity);
            log.debug(retrievingLine(host, target));
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
        const decoded = (0,tokens/* decodeToken */.oL)(entry.authorizationToken);
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
        return await (await __webpack_require__.e(/* import() */ 837).then(__webpack_require__.bind(__webpack_require__, 4837))).defaultAccessKeyId();
    }
    catch (error) {
        log?.debug(`Could not resolve AWS credentials: ${(0,errors/* messageOf */.bD)(error)}`);
        return undefined;
    }
}


/***/ }),

/***/ 1442:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   wA: () => (/* binding */ nullLog)
/* harmony export */ });
/* unused harmony exports logFileOf, fileLog, captureWarnings, captureConsole */
/* harmony import */ var node_fs__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(3024);
/* harmony import */ var node_fs__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__webpack_require__.n(node_fs__WEBPACK_IMPORTED_MODULE_0__);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(6760);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_1___default = /*#__PURE__*/__webpack_require__.n(node_path__WEBPACK_IMPORTED_MODULE_1__);
/* harmony import */ var node_util__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(7975);
/* harmony import */ var node_util__WEBPACK_IMPORTED_MODULE_2___default = /*#__PURE__*/__webpack_require__.n(node_util__WEBPACK_IMPORTED_MODULE_2__);
/* harmony import */ var _private_files_js__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(8813);





/** A log that drops everything: for tests, and when the log file cannot be written. */
const nullLog = {
    debug() { },
    info() { },
    error() { },
    secret() { }
};
/** `<cache dir>/log/ecr-login.log`, the Go helper's log path. */
function logFileOf(cacheDir) {
    return join(cacheDir, 'log', 'ecr-login.log');
}
const APPEND = node_fs__WEBPACK_IMPORTED_MODULE_0__.constants.O_WRONLY | node_fs__WEBPACK_IMPORTED_MODULE_0__.constants.O_APPEND | node_fs__WEBPACK_IMPORTED_MODULE_0__.constants.O_CREAT;
/**
 * Appends logrus-style lines (`time="…" level=… msg="…"`) to `file` (logFileOf's layout),
 * creating its directory (0700) and the file (0600) on first use. Writes are synchronous so nothing is lost when the
 * helper exits right after answering; a failed write is ignored, since logging must never turn a
 * good answer into a failure. A directory (the log's or the cache's above it) or a file someone
 * else owns or can write, a symbolic link
 * or a hard-linked file is never written to (private-files.ts); the Go helper's own log, 0664
 * under a umask of 002, is accepted: only others' write bit refuses a file.
 */
function fileLog(file, now = () => new Date()) {
    const secrets = new Set();
    let state = 'new';
    const write = (level, message) => {
        if (state === 'refused')
            return;
        const clean = redact(redactUrlsIn(message), secrets);
        const line = `time="${now().toISOString()}" level=${level} msg=${JSON.stringify(clean)}\n`;
        try {
            if (state === 'new') {
                makePrivateDir(dirname(file));
                // The cache directory above it, too: a log dir of ours inside someone else's directory
                // could be swapped for a link to another of ours.
                checkPrivateDir(dirname(dirname(file)));
            }
            state = 'ready';
            const fd = openPrivate(file, APPEND, 0o002);
            try {
                writeSync(fd, line);
            }
            finally {
                closeSync(fd);
            }
        }
        catch {
            // A read-only home, a full disk or a foreign file must not break `docker pull`; a log we
            // may not write to stays closed for the rest of the run.
            state = 'refused';
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
/**
 * Sends console output to the log: the SDK's HTTP handler reports a request past its time-out
 * with console.warn (its default logger), which would reach docker's stderr, and anything on
 * console.log would corrupt the protocol answer on stdout.
 */
function captureConsole(log, target = console) {
    target.debug = (...args) => log.debug(format(...args));
    target.log = target.info = (...args) => log.info(format(...args));
    target.warn = (...args) => log.info(`warning: ${format(...args)}`);
    target.error = (...args) => log.error(format(...args));
}


/***/ }),

/***/ 1914:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

__webpack_require__.r(__webpack_exports__);
/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   REGISTRIES_FILE_VAR: () => (/* binding */ REGISTRIES_FILE_VAR),
/* harmony export */   findRegistry: () => (/* binding */ findRegistry),
/* harmony export */   readRegistryMap: () => (/* binding */ readRegistryMap),
/* harmony export */   registryMapText: () => (/* binding */ registryMapText)
/* harmony export */ });
/* harmony import */ var _ecr_registry_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(8591);
/* harmony import */ var _private_files_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(8813);


// The helper's registries file (AWS_ECR_REGISTRIES_FILE): the list form of the action's
// `registries` as JSON, so that the helper serves an alias host with its registry's token and
// fetches a registry's token with its own profile or role. Credential-helper mode writes one for
// the job; outside Actions a user writes it by hand. It names no secret. Read synchronously with
// plain JSON, so that a warm-cache `get` (cached-get.ts) can use it without loading anything.
/** The variable that names the registries file. */
const REGISTRIES_FILE_VAR = 'AWS_ECR_REGISTRIES_FILE';
/** The file's items as targets (host, identity, alias); items that are not valid are left out, with why. */
function readRegistryMap(env, complain = () => undefined) {
    const file = env[REGISTRIES_FILE_VAR]?.trim();
    if (!file)
        return [];
    let doc;
    try {
        const text = (0,_private_files_js__WEBPACK_IMPORTED_MODULE_1__/* .readPrivate */ .wT)(file);
        if (text === undefined) {
            complain(`${REGISTRIES_FILE_VAR} names ${file}, which does not exist`);
            return [];
        }
        doc = JSON.parse(text);
    }
    catch (error) {
        complain(`Could not read ${file} (${REGISTRIES_FILE_VAR}): ${error.message}`);
        return [];
    }
    if (!Array.isArray(doc)) {
        complain(`${file} (${REGISTRIES_FILE_VAR}) is not a JSON list of registries`);
        return [];
    }
    return doc.flatMap((item, i) => {
        const target = itemTarget(item);
        if (!target)
            complain(`${file}: item ${i + 1} is not a registry item; it is ignored`);
        return target ? [target] : [];
    });
}
/** The item for `host`: the one whose alias it is, else the one for that registry host. */
function findRegistry(map, host) {
    const h = host.toLowerCase();
    return map.find(t => t.alias?.toLowerCase() === h) ?? map.find(t => !t.alias && t.host?.toLowerCase() === h);
}
/** The file's text for these targets (credential-helper mode writes it for the job). */
function registryMapText(targets) {
    const items = targets.map(({ registry, target }) => ({
        registry,
        ...(target.alias ? { alias: target.alias } : {}),
        ...(target.identity?.profile ? { 'aws-profile': target.identity.profile } : {}),
        ...(target.identity?.roleArn ? { 'role-to-assume': target.identity.roleArn } : {}),
        ...(target.identity?.sessionName ? { 'role-session-name': target.identity.sessionName } : {})
    }));
    return `${JSON.stringify(items, null, 2)}\n`;
}
function itemTarget(item) {
    if (typeof item !== 'object' || item === null || Array.isArray(item))
        return undefined;
    const fields = item;
    const text = (key) => typeof fields[key] === 'string' ? fields[key].trim() : '';
    // A host only: the helper is asked for hosts, and an alias must say which registry it fronts.
    const target = (0,_ecr_registry_js__WEBPACK_IMPORTED_MODULE_0__/* .parseHost */ .o6)(text('registry')
        .replace(/^https:\/\//i, '')
        .replace(/\/+$/, ''));
    if (!target)
        return undefined;
    const identity = {};
    if (text('aws-profile'))
        identity.profile = text('aws-profile');
    if (/^arn:aws[a-z-]*:iam::\d{12}:role\//.test(text('role-to-assume')))
        identity.roleArn = text('role-to-assume');
    if (identity.roleArn && text('role-session-name'))
        identity.sessionName = text('role-session-name');
    if (identity.profile || identity.roleArn)
        target.identity = identity;
    const alias = text('alias');
    if (alias && !(0,_ecr_registry_js__WEBPACK_IMPORTED_MODULE_0__/* .parseHost */ .o6)(alias))
        target.alias = alias;
    return target;
}


/***/ })

};
;