"use strict";
exports.id = 806;
exports.ids = [806];
exports.modules = {

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
    if ((0,_cache_dir_js__WEBPACK_IMPORTED_MODULE_3__/* .cacheDisabled */ .zX)(env)) {
        options.log?.debug('Cache disabled due to AWS_ECR_DISABLE_CACHE');
        return nullCache;
    }
    return fileCache({ ...options, dir: (0,_cache_dir_js__WEBPACK_IMPORTED_MODULE_3__/* .cacheDirOf */ .BU)(env), anyKey: (0,_cache_dir_js__WEBPACK_IMPORTED_MODULE_3__/* .isJobCache */ .eT)(env) });
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
        const cacheTarget = (0,_cache_file_js__WEBPACK_IMPORTED_MODULE_4__/* .cacheTargetOf */ .TD)(grant.host);
        if (!cacheTarget)
            continue;
        entries.push([
            (0,_cache_file_js__WEBPACK_IMPORTED_MODULE_4__/* .cacheKey */ .k$)(cacheTarget, accessKeyId),
            {
                authorizationToken: Buffer.from(`${grant.username}:${grant.password}`).toString('base64'),
                requestedAt: now,
                expiresAt: grant.expiresAt,
                proxyEndpoint: `https://${cacheTarget.service === 'ecr-public' ? _ecr_registry_js__WEBPACK_IMPORTED_MODULE_2__/* .PUBLIC_HOST */ .dt : grant.host}`,
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


/***/ })

};
;