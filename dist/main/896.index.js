"use strict";
exports.id = 896;
exports.ids = [896];
exports.modules = {

/***/ 7108:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   BU: () => (/* binding */ cacheDirOf),
/* harmony export */   eT: () => (/* binding */ isJobCache),
/* harmony export */   zX: () => (/* binding */ cacheDisabled)
/* harmony export */ });
/* unused harmony export JOB_CACHE_VAR */
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(6760);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__webpack_require__.n(node_path__WEBPACK_IMPORTED_MODULE_0__);
// Where the helper keeps its files (cache.json, the log, the code caches), and whether caching is
// on: read from the environment alone, first thing in every run (helper.ts, before any bundle).

/**
 * Set by the launcher that credential-helper mode puts on PATH: the job's own cache directory
 * (under RUNNER_TEMP, removed by post), used instead of AWS_ECR_CACHE_DIR so that no token this
 * job obtains outlives it. Every token in it is this job's, so any of them serves (see findEntry).
 */
const JOB_CACHE_VAR = 'ECR_LOGIN_JOB_CACHE_DIR';
/**
 * The user's home directory as os.homedir() finds it: $HOME on POSIX, so that node:os (about a
 * millisecond of start-up) loads only where that is not set.
 */
function homeDir() {
    if (process.platform !== 'win32' && process.env.HOME)
        return process.env.HOME;
    // process.getBuiltinModule is node >= 20.16; older ones make do with the environment.
    const os = process.getBuiltinModule?.('node:os');
    return os ? os.homedir() : (process.env.USERPROFILE ?? process.env.HOME ?? '');
}
/** The cache directory: the job's (JOB_CACHE_VAR), else $AWS_ECR_CACHE_DIR (`~` expanded), else `~/.ecr`. */
function cacheDirOf(env, home = homeDir) {
    const dir = env[JOB_CACHE_VAR] || env.AWS_ECR_CACHE_DIR || '~/.ecr';
    if (dir === '~')
        return home();
    if (dir.startsWith('~/') || dir.startsWith('~\\'))
        return (0,node_path__WEBPACK_IMPORTED_MODULE_0__.join)(home(), dir.slice(2));
    return dir;
}
/** True when AWS_ECR_DISABLE_CACHE has any non-empty value. */
function cacheDisabled(env) {
    return Boolean(env.AWS_ECR_DISABLE_CACHE);
}
/** True when the helper runs from credential-helper mode's launcher, with the job's own cache. */
function isJobCache(env) {
    return Boolean(env[JOB_CACHE_VAR]);
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

/***/ 8813:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   Ch: () => (/* binding */ UntrustedPath),
/* harmony export */   hI: () => (/* binding */ makePrivateDir),
/* harmony export */   li: () => (/* binding */ checkPrivateDir),
/* harmony export */   pb: () => (/* binding */ writePrivate),
/* harmony export */   wT: () => (/* binding */ readPrivate)
/* harmony export */ });
/* unused harmony exports openPrivate, readPrivateFile */
/* harmony import */ var node_fs__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(3024);
/* harmony import */ var node_fs__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__webpack_require__.n(node_fs__WEBPACK_IMPORTED_MODULE_0__);

// The cache holds registry passwords and the log is appended to on every run, so neither may be
// somewhere another user can plant a file or a symbolic link: with AWS_ECR_CACHE_DIR pointing at
// a directory someone else made, the helper would serve their password, or append to whatever
// file their `ecr-login.log` symlink names. Windows has no uid or mode bits to check.
const uid = process.getuid?.();
/** O_NOFOLLOW where the platform has it: opening a symbolic link fails with ELOOP. */
const NOFOLLOW = node_fs__WEBPACK_IMPORTED_MODULE_0__.constants.O_NOFOLLOW ?? 0;
/** A cache or log path the helper refuses to use; the message says why. */
class UntrustedPath extends Error {
    constructor(message) {
        super(message);
        this.name = 'UntrustedPath';
    }
}
/** Throws UntrustedPath unless `stats` belong to this user and `forbidden` mode bits are clear. */
function checkOwner(path, stats, forbidden) {
    if (uid === undefined)
        return;
    if (stats.uid !== uid)
        throw new UntrustedPath(`${path} is owned by uid ${stats.uid}, not by this user (${uid})`);
    if (stats.mode & forbidden) {
        throw new UntrustedPath(`${path} is writable by other users (mode ${(stats.mode & 0o777).toString(8)})`);
    }
}
/**
 * Throws UntrustedPath unless `dir` is a directory owned by this user that neither group nor
 * others can write (both helpers create their directories 0700); ENOENT when it does not exist.
 */
function checkPrivateDir(dir) {
    const stats = (0,node_fs__WEBPACK_IMPORTED_MODULE_0__.statSync)(dir);
    if (!stats.isDirectory())
        throw new UntrustedPath(`${dir} is not a directory`);
    checkOwner(dir, stats, 0o022);
}
/** Creates `dir` (0700, with any missing parents) unless it exists, then checks it as checkPrivateDir. */
function makePrivateDir(dir) {
    (0,node_fs__WEBPACK_IMPORTED_MODULE_0__.mkdirSync)(dir, { recursive: true, mode: 0o700 });
    checkPrivateDir(dir);
}
/**
 * Opens `file` without following a symbolic link at its last component (O_NOFOLLOW), then throws
 * UntrustedPath (closing it) unless it is a regular file with one name, owned by this user, with
 * none of the `forbidden` mode bits. Returns the descriptor.
 */
function openPrivate(file, flags, forbidden, mode = 0o600) {
    let fd;
    try {
        fd = (0,node_fs__WEBPACK_IMPORTED_MODULE_0__.openSync)(file, flags | NOFOLLOW, mode);
    }
    catch (error) {
        if (error.code === 'ELOOP')
            throw new UntrustedPath(`${file} is a symbolic link`);
        throw error;
    }
    try {
        const stats = (0,node_fs__WEBPACK_IMPORTED_MODULE_0__.fstatSync)(fd);
        if (!stats.isFile())
            throw new UntrustedPath(`${file} is not a regular file`);
        // A second name is a hard link someone made to a file of ours elsewhere.
        if (stats.nlink > 1)
            throw new UntrustedPath(`${file} has ${stats.nlink} hard links`);
        checkOwner(file, stats, forbidden);
        return fd;
    }
    catch (error) {
        (0,node_fs__WEBPACK_IMPORTED_MODULE_0__.closeSync)(fd);
        throw error;
    }
}
/**
 * The bytes of a file only this user can write (see openPrivate); undefined when it does not
 * exist. Throws UntrustedPath for a symbolic link or someone else's file.
 */
function readPrivateFile(file) {
    let fd;
    try {
        fd = openPrivate(file, node_fs__WEBPACK_IMPORTED_MODULE_0__.constants.O_RDONLY, 0o022);
    }
    catch (error) {
        if (error.code === 'ENOENT')
            return undefined;
        throw error;
    }
    try {
        return (0,node_fs__WEBPACK_IMPORTED_MODULE_0__.readFileSync)(fd);
    }
    finally {
        (0,node_fs__WEBPACK_IMPORTED_MODULE_0__.closeSync)(fd);
    }
}
/** readPrivateFile as UTF-8 text. */
function readPrivate(file) {
    return readPrivateFile(file)?.toString('utf8');
}
/**
 * Replaces `file` with `data` (0600) atomically: written to a temp file created exclusively (so
 * never through a planted link) in the same directory, then renamed over it.
 */
function writePrivate(file, data) {
    const temp = `${file}.${process.pid}.${Date.now().toString(36)}.${++tempCount}.tmp`;
    (0,node_fs__WEBPACK_IMPORTED_MODULE_0__.writeFileSync)(temp, data, { mode: 0o600, flag: 'wx' });
    try {
        (0,node_fs__WEBPACK_IMPORTED_MODULE_0__.renameSync)(temp, file);
    }
    catch (error) {
        try {
            (0,node_fs__WEBPACK_IMPORTED_MODULE_0__.unlinkSync)(temp);
        }
        catch {
            // Already gone; the rename error below is the one worth reporting.
        }
        throw error;
    }
}
let tempCount = 0;


/***/ })

};
;