"use strict";
exports.id = 806;
exports.ids = [806];
exports.modules = {

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

/***/ 4806:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

__webpack_require__.r(__webpack_exports__);
/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   fileCache: () => (/* binding */ fileCache),
/* harmony export */   nullCache: () => (/* binding */ nullCache),
/* harmony export */   openCache: () => (/* binding */ openCache),
/* harmony export */   primeCache: () => (/* binding */ primeCache),
/* harmony export */   readCache: () => (/* binding */ readCache),
/* harmony export */   updateCache: () => (/* binding */ updateCache),
/* harmony export */   writeCache: () => (/* binding */ writeCache)
/* harmony export */ });
/* harmony import */ var node_fs__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(3024);
/* harmony import */ var node_fs__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__webpack_require__.n(node_fs__WEBPACK_IMPORTED_MODULE_0__);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(6760);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_1___default = /*#__PURE__*/__webpack_require__.n(node_path__WEBPACK_IMPORTED_MODULE_1__);
/* harmony import */ var _ecr_registry_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(8591);
/* harmony import */ var _cache_dir_js__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(7108);
/* harmony import */ var _cache_file_js__WEBPACK_IMPORTED_MODULE_4__ = __webpack_require__(1772);
/* harmony import */ var _log_js__WEBPACK_IMPORTED_MODULE_5__ = __webpack_require__(1442);
/* harmony import */ var _private_files_js__WEBPACK_IMPORTED_MODULE_6__ = __webpack_require__(8813);







/** The do-nothing cache: AWS_ECR_DISABLE_CACHE is set, or no AWS credentials could be resolved. */
const nullCache = {
    get: async () => undefined,
    set: async () => { },
    list: async () => []
};
/** The cache for the helper's environment: `nullCache` when disabled, else the file cache. */
function openCache(env, options) {
    if ((0,_cache_dir_js__WEBPACK_IMPORTED_MODULE_3__.cacheDisabled)(env)) {
        options.log?.debug('Cache disabled due to AWS_ECR_DISABLE_CACHE');
        return nullCache;
    }
    return fileCache({ ...options, dir: (0,_cache_dir_js__WEBPACK_IMPORTED_MODULE_3__.cacheDirOf)(env), anyKey: (0,_cache_dir_js__WEBPACK_IMPORTED_MODULE_3__.isJobCache)(env) });
}
/** cache.json in `dir`, in the Go helper's format, so both helpers can share one cache. */
function fileCache(options) {
    const { dir, anyKey = false } = options;
    const log = options.log ?? _log_js__WEBPACK_IMPORTED_MODULE_5__/* .nullLog */ .wA;
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
            return (0,_cache_file_js__WEBPACK_IMPORTED_MODULE_4__/* .findEntry */ .w4)(readCache(dir, log), target, key, anyKey);
        },
        async set(target, entry) {
            const key = await accessKeyId();
            if (!key)
                return;
            try {
                await updateCache(dir, registries => (registries[(0,_cache_file_js__WEBPACK_IMPORTED_MODULE_4__/* .cacheKey */ .k$)(target, key)] = entry), log);
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
        const cacheTarget = (0,_cache_file_js__WEBPACK_IMPORTED_MODULE_4__/* .cacheTargetOf */ .TD)(host);
        if (!cacheTarget)
            continue;
        entries.push([
            (0,_cache_file_js__WEBPACK_IMPORTED_MODULE_4__/* .cacheKey */ .k$)(cacheTarget, accessKeyId),
            {
                authorizationToken: Buffer.from(`${grant.username}:${grant.password}`).toString('base64'),
                requestedAt: now,
                expiresAt: grant.expiresAt,
                proxyEndpoint: `https://${cacheTarget.service === 'ecr-public' ? _ecr_registry_js__WEBPACK_IMPORTED_MODULE_2__/* .PUBLIC_HOST */ .dt : host}`,
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
async function updateCache(dir, change, log = _log_js__WEBPACK_IMPORTED_MODULE_5__/* .nullLog */ .wA) {
    (0,_private_files_js__WEBPACK_IMPORTED_MODULE_6__/* .makePrivateDir */ .hI)(dir);
    const file = (0,node_path__WEBPACK_IMPORTED_MODULE_1__.join)(dir, _cache_file_js__WEBPACK_IMPORTED_MODULE_4__/* .CACHE_FILE */ .Sk);
    const { lockFile, updateLocked } = await Promise.resolve(/* import() */).then(__webpack_require__.bind(__webpack_require__, 6088));
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
function readCache(dir, log = _log_js__WEBPACK_IMPORTED_MODULE_5__/* .nullLog */ .wA) {
    const file = (0,node_path__WEBPACK_IMPORTED_MODULE_1__.join)(dir, _cache_file_js__WEBPACK_IMPORTED_MODULE_4__/* .CACHE_FILE */ .Sk);
    let text;
    try {
        (0,_private_files_js__WEBPACK_IMPORTED_MODULE_6__/* .checkPrivateDir */ .li)(dir);
        text = (0,_private_files_js__WEBPACK_IMPORTED_MODULE_6__/* .readPrivate */ .wT)(file);
    }
    catch (error) {
        if (error instanceof _private_files_js__WEBPACK_IMPORTED_MODULE_6__/* .UntrustedPath */ .Ch)
            log.info(`Not using the cache: ${error.message}`);
        else if (error.code !== 'ENOENT') {
            log.info(`Could not load existing cache: ${error.message}`);
        }
        return {};
    }
    if (text === undefined)
        return {};
    try {
        return (0,_cache_file_js__WEBPACK_IMPORTED_MODULE_4__/* .parseCache */ .IW)(text);
    }
    catch (error) {
        log.info(`Could not load existing cache, starting over: ${error.message}`);
        try {
            (0,node_fs__WEBPACK_IMPORTED_MODULE_0__.unlinkSync)(file);
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
    (0,_private_files_js__WEBPACK_IMPORTED_MODULE_6__/* .makePrivateDir */ .hI)(dir);
    const sorted = {};
    for (const key of Object.keys(registries).sort()) {
        const e = registries[key];
        sorted[key] = {
            AuthorizationToken: e.authorizationToken,
            RequestedAt: (0,_cache_file_js__WEBPACK_IMPORTED_MODULE_4__/* .formatGoTime */ .Z0)(e.requestedAt),
            ExpiresAt: (0,_cache_file_js__WEBPACK_IMPORTED_MODULE_4__/* .formatGoTime */ .Z0)(e.expiresAt),
            ProxyEndpoint: e.proxyEndpoint,
            Service: e.service
        };
    }
    (0,_private_files_js__WEBPACK_IMPORTED_MODULE_6__/* .writePrivate */ .pb)((0,node_path__WEBPACK_IMPORTED_MODULE_1__.join)(dir, _cache_file_js__WEBPACK_IMPORTED_MODULE_4__/* .CACHE_FILE */ .Sk), JSON.stringify({ Registries: sorted, Version: _cache_file_js__WEBPACK_IMPORTED_MODULE_4__/* .CACHE_VERSION */ .yL }, null, 2));
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


/***/ })

};
;