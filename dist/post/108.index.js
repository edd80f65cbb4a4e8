"use strict";
exports.id = 108;
exports.ids = [108];
exports.modules = {

/***/ 7108:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

__webpack_require__.r(__webpack_exports__);
/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   JOB_CACHE_VAR: () => (/* binding */ JOB_CACHE_VAR),
/* harmony export */   cacheDirOf: () => (/* binding */ cacheDirOf),
/* harmony export */   cacheDisabled: () => (/* binding */ cacheDisabled),
/* harmony export */   isJobCache: () => (/* binding */ isJobCache)
/* harmony export */ });
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(6760);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__webpack_require__.n(node_path__WEBPACK_IMPORTED_MODULE_0__);
// Where the helper keeps its files (cache.json, the log, the code caches), and whether caching is
// on: read from the environment alone, first thing in every run (index.ts, before main.js loads).

/**
 * Set by the launcher that credential-helper mode puts on PATH (install-helper.ts writes it): the
 * job's own cache directory (under RUNNER_TEMP, removed by post), used instead of
 * AWS_ECR_CACHE_DIR so that no token this job obtains outlives it. Every token in it is this
 * job's, so any of them serves (see findEntry).
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


/***/ })

};
;