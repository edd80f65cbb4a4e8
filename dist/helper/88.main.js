"use strict";
exports.id = 88;
exports.ids = [88];
exports.modules = {

/***/ 6088:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   lockFile: () => (/* binding */ lockFile),
/* harmony export */   updateLocked: () => (/* binding */ updateLocked)
/* harmony export */ });
/* unused harmony exports preloadLock, claimStaleLock */
/* harmony import */ var node_fs__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(3024);
/* harmony import */ var node_fs__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__webpack_require__.n(node_fs__WEBPACK_IMPORTED_MODULE_0__);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(6760);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_1___default = /*#__PURE__*/__webpack_require__.n(node_path__WEBPACK_IMPORTED_MODULE_1__);



/** The file in a held lock (a directory) that names its holder. */
const OWNER_FILE = 'owner';
let lockfileModule;
const loadLockfile = () => (lockfileModule ??= __webpack_require__.e(/* import() */ 648).then(__webpack_require__.t.bind(__webpack_require__, 3648, 23)).then(m => m.default));
/**
 * Starts loading the lock library (with graceful-fs, retry and signal-exit), so that it loads while
 * a client process runs instead of after it, when the merge needs it.
 */
function preloadLock() {
    loadLockfile().catch(() => undefined);
}
/**
 * Takes the lock on `file` (a directory at `lockPath`) with proper-lockfile, which refreshes it
 * while held and takes over one left by a dead process. Its stale takeover (rmdir, then mkdir) can
 * remove a lock that another waiter re-created in between (moxystudio/node-proper-lockfile#121),
 * so a stale lock is claimed here by an atomic rename instead (see claimStaleLock), and `owned()`
 * lets the holder check, just before it writes, that the lock still holds the nonce it wrote. A lock
 * that stays held past the retries rejects with proper-lockfile's ELOCKED error.
 */
async function lockFile(file, lockPath, settings) {
    let held = false;
    let compromised = false;
    // Proof of ownership only this holder has: a nonce written into the lock it made, before
    // proper-lockfile notes the lock's mtime. An inode number proves nothing (ext4 gives the lock
    // that a process which took it over re-made the same one at once), and neither does the
    // compromised flag alone (the refresh timer that sets it may run only after a stalled holder
    // has checked and written).
    const nonce = `${process.pid}.${Date.now()}.${Math.random().toString(36).slice(2)}`;
    const ownerFile = (0,node_path__WEBPACK_IMPORTED_MODULE_1__.join)(lockPath, OWNER_FILE);
    const lockFs = {
        ...node_fs__WEBPACK_IMPORTED_MODULE_0__,
        mkdir: (target, callback) => {
            node_fs__WEBPACK_IMPORTED_MODULE_0__.mkdir(target, error => {
                if (error)
                    return callback(error);
                node_fs__WEBPACK_IMPORTED_MODULE_0__.writeFile((0,node_path__WEBPACK_IMPORTED_MODULE_1__.join)(target, OWNER_FILE), nonce, { flag: 'wx' }, written => {
                    if (!written)
                        return callback(null);
                    // A lock without its nonce is no one's: removed, and the error reported.
                    node_fs__WEBPACK_IMPORTED_MODULE_0__.rm(target, { recursive: true, force: true }, () => callback(written));
                });
            });
        },
        // proper-lockfile removes a lock in two cases: a stale one while acquiring, and its own on release.
        rmdir: (target, callback) => {
            if (held)
                node_fs__WEBPACK_IMPORTED_MODULE_0__.rmdir(target, callback);
            else
                claimStaleLock(target, settings.staleMs).then(() => callback(null), callback);
        }
    };
    const lockfile = await loadLockfile();
    const release = await lockfile.lock(file, {
        realpath: false,
        lockfilePath: lockPath,
        stale: settings.staleMs,
        update: settings.updateMs,
        retries: settings.retries,
        fs: lockFs,
        // The default throws from a timer, which would crash the step; owned() reports it instead.
        onCompromised: () => {
            compromised = true;
        }
    });
    held = true;
    const owned = async () => {
        const text = await node_fs__WEBPACK_IMPORTED_MODULE_0__.promises.readFile(ownerFile, 'utf8').catch(() => undefined);
        return text === nonce && !compromised;
    };
    return {
        owned,
        async release() {
            // Only our own lock: one taken over meanwhile belongs to its new holder.
            if (!(await owned()))
                return;
            await node_fs__WEBPACK_IMPORTED_MODULE_0__.promises.rm(ownerFile, { force: true });
            await release().catch(() => undefined);
        }
    };
}
/**
 * Removes the lock at `path` if it is stale, without ever removing a live one: the lock is first
 * renamed to a name only this call knows (of two claimants only one rename succeeds), then its age
 * is checked again. A lock that turns out to be fresh (re-created since it was judged stale) is
 * put back, and the caller is told it is held (ELOCKED), so it waits and retries.
 */
async function claimStaleLock(path, staleMs) {
    const claimed = `${path}.${process.pid}.${Math.random().toString(36).slice(2)}.stale`;
    try {
        await node_fs__WEBPACK_IMPORTED_MODULE_0__.promises.rename(path, claimed);
    }
    catch (error) {
        // Gone already: another waiter took it over; trying to lock again sorts out who is next.
        if (error.code === 'ENOENT')
            return;
        throw error;
    }
    const { mtimeMs } = await node_fs__WEBPACK_IMPORTED_MODULE_0__.promises.stat(claimed);
    if (mtimeMs < Date.now() - staleMs) {
        await node_fs__WEBPACK_IMPORTED_MODULE_0__.promises.rm(claimed, { recursive: true, force: true });
        return;
    }
    await node_fs__WEBPACK_IMPORTED_MODULE_0__.promises.rename(claimed, path).catch(() => node_fs__WEBPACK_IMPORTED_MODULE_0__.promises.rm(claimed, { recursive: true, force: true }));
    throw Object.assign(new Error(`The lock ${path} is held`), { code: 'ELOCKED' });
}
/** Attempts at a locked rewrite: a lock taken over before the write means starting again. */
const REWRITE_ATTEMPTS = 5;
const queues = new Map();
/**
 * Read-modify-write of a file, serialised within this process and, through its lock, against
 * other processes. Updates that arrive while a write is in progress are applied together in the
 * next one (ten logins finishing at once cost two locked writes, not ten); one caller's failing
 * update fails that caller, not the others in the batch.
 */
function updateLocked(file, mutate) {
    let queue = queues.get(file.key);
    if (!queue) {
        queue = { running: Promise.resolve() };
        queues.set(file.key, queue);
    }
    if (!queue.next) {
        const current = queue;
        const batch = { mutations: [] };
        batch.done = current.running
            .catch(() => undefined)
            .then(() => {
            // From here on, later updates go into a new batch.
            if (current.next === batch)
                current.next = undefined;
            return rewriteLocked(file, content => {
                for (const mutation of batch.mutations) {
                    try {
                        ;
                        mutation.apply(content);
                    }
                    catch (error) {
                        mutation.error = error;
                    }
                }
            });
        });
        current.running = batch.done;
        current.next = batch;
        batch.done
            .finally(() => {
            if (queues.get(file.key)?.running === batch.done)
                queues.delete(file.key);
        })
            .catch(() => undefined);
    }
    const mutation = { apply: mutate };
    queue.next.mutations.push(mutation);
    return queue.next.done.then(() => {
        if (mutation.error !== undefined)
            throw mutation.error;
    });
}
async function rewriteLocked(file, mutate) {
    for (let attempt = 1;; attempt++) {
        const lock = await file.lock();
        try {
            const content = await file.read();
            mutate(content);
            // Checked just before the write, so a writer that lost its lock never overwrites the new holder's work.
            if (await lock.owned())
                return await file.write(content);
        }
        finally {
            await lock.release();
        }
        if (attempt === REWRITE_ATTEMPTS)
            throw file.lost(attempt);
    }
}


/***/ })

};
;