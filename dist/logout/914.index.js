"use strict";
exports.id = 914;
exports.ids = [914];
exports.modules = {

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