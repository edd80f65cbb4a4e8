"use strict";
exports.id = 535;
exports.ids = [535];
exports.modules = {

/***/ 6535:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

// ESM COMPAT FLAG
__webpack_require__.r(__webpack_exports__);

// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  REGISTRIES_FILE_VAR: () => (/* binding */ REGISTRIES_FILE_VAR),
  findRegistry: () => (/* binding */ findRegistry),
  readRegistryMap: () => (/* binding */ readRegistryMap),
  registryMapText: () => (/* binding */ registryMapText)
});

// EXTERNAL MODULE: ./src/ecr/registry.ts
var registry = __webpack_require__(8591);
// EXTERNAL MODULE: external "node:fs"
var external_node_fs_ = __webpack_require__(3024);
// EXTERNAL MODULE: external "node:path"
var external_node_path_ = __webpack_require__(6760);
;// CONCATENATED MODULE: ./src/helper/private-files.ts


// The cache holds registry passwords and the log is appended to on every run, so neither may be
// somewhere another user can plant a file or a symbolic link: with AWS_ECR_CACHE_DIR pointing at
// a directory someone else made, the helper would serve their password, or append to whatever
// file their `ecr-login.log` symlink names. Windows has no uid or mode bits to check.
const uid = process.getuid?.();
/** O_NOFOLLOW where the platform has it: opening a symbolic link fails with ELOOP. */
const NOFOLLOW = external_node_fs_.constants.O_NOFOLLOW ?? 0;
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
 * others can write (both helpers create their directories 0700), reached through no symbolic link
 * another user made (checkLinks); ENOENT when it does not exist.
 */
function checkPrivateDir(dir) {
    checkLinks(dir);
    const stats = statSync(dir);
    if (!stats.isDirectory())
        throw new UntrustedPath(`${dir} is not a directory`);
    checkOwner(dir, stats, 0o022);
}
/** Creates `dir` (0700, with any missing parents) unless it exists, then checks it as checkPrivateDir. */
function makePrivateDir(dir) {
    // Before mkdir too, which would create the missing parts wherever a planted link points.
    checkLinks(dir);
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    checkPrivateDir(dir);
}
/**
 * Throws UntrustedPath when `path` or a directory above it is a symbolic link that neither this
 * user nor root made. statSync follows links, so the owner and mode checks alone would accept
 * `/tmp/shared/ecr` planted by another user as a link to a private directory of ours, and the
 * helper would then write into (and delete from) that directory. A link of our own (a dotfiles
 * `~/.ecr`) or the system's (`/var` on macOS) is followed. Parts that do not exist yet are skipped.
 * `path` itself is looked at every time; a directory above it only once per run (a warm `get`
 * checks the cache directory and those beside it five times).
 */
function checkLinks(path) {
    if (uid === undefined)
        return;
    const start = resolve(path);
    const passed = [];
    for (let part = start;; part = dirname(part)) {
        if (part !== start && checkedAbove.has(part))
            break;
        const stats = lstatSync(part, { throwIfNoEntry: false });
        if (stats?.isSymbolicLink() && stats.uid !== uid && stats.uid !== 0) {
            throw new UntrustedPath(`${part} is a symbolic link made by uid ${stats.uid}, not by this user (${uid})`);
        }
        if (stats)
            passed.push(part);
        if (dirname(part) === part)
            break;
    }
    for (const part of passed)
        checkedAbove.add(part);
}
/** Existing directories checkLinks found no foreign link at, in this process. */
const checkedAbove = new Set();
/**
 * Opens `file` without following a symbolic link at its last component (O_NOFOLLOW), then throws
 * UntrustedPath (closing it) unless it is a regular file with one name, owned by this user, with
 * none of the `forbidden` mode bits. Returns the descriptor.
 */
function openPrivate(file, flags, forbidden, mode = 0o600) {
    let fd;
    try {
        fd = (0,external_node_fs_.openSync)(file, flags | NOFOLLOW, mode);
    }
    catch (error) {
        if (error.code === 'ELOOP')
            throw new UntrustedPath(`${file} is a symbolic link`);
        throw error;
    }
    try {
        const stats = (0,external_node_fs_.fstatSync)(fd);
        if (!stats.isFile())
            throw new UntrustedPath(`${file} is not a regular file`);
        // A second name is a hard link someone made to a file of ours elsewhere.
        if (stats.nlink > 1)
            throw new UntrustedPath(`${file} has ${stats.nlink} hard links`);
        checkOwner(file, stats, forbidden);
        return fd;
    }
    catch (error) {
        (0,external_node_fs_.closeSync)(fd);
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
        fd = openPrivate(file, external_node_fs_.constants.O_RDONLY, 0o022);
    }
    catch (error) {
        if (error.code === 'ENOENT')
            return undefined;
        throw error;
    }
    try {
        return (0,external_node_fs_.readFileSync)(fd);
    }
    finally {
        (0,external_node_fs_.closeSync)(fd);
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
    writeFileSync(temp, data, { mode: 0o600, flag: 'wx' });
    try {
        renameSync(temp, file);
    }
    catch (error) {
        try {
            unlinkSync(temp);
        }
        catch {
            // Already gone; the rename error below is the one worth reporting.
        }
        throw error;
    }
}
let tempCount = 0;

;// CONCATENATED MODULE: ./src/helper/registry-map.ts


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
        const text = readPrivate(file);
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
    const target = (0,registry/* parseHost */.o6)(text('registry')
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
    if (alias && !(0,registry/* parseHost */.o6)(alias))
        target.alias = alias;
    return target;
}


/***/ })

};
;