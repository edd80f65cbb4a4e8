"use strict";
exports.id = 626;
exports.ids = [626];
exports.modules = {

/***/ 5626:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

__webpack_require__.r(__webpack_exports__);
/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   OIDC_AUDIENCE: () => (/* binding */ OIDC_AUDIENCE),
/* harmony export */   checkProfiles: () => (/* binding */ checkProfiles),
/* harmony export */   defaultSessionName: () => (/* binding */ defaultSessionName),
/* harmony export */   hasStepCredentials: () => (/* binding */ hasStepCredentials),
/* harmony export */   resolveIdentity: () => (/* binding */ resolveIdentity),
/* harmony export */   roleError: () => (/* binding */ roleError),
/* harmony export */   roleSource: () => (/* binding */ roleSource),
/* harmony export */   sharedFiles: () => (/* binding */ sharedFiles),
/* harmony export */   subjectOf: () => (/* binding */ subjectOf)
/* harmony export */ });
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(6760);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__webpack_require__.n(node_path__WEBPACK_IMPORTED_MODULE_0__);
/* harmony import */ var _errors_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(3916);
/* harmony import */ var _registry_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(8591);



/** The audience GitHub's OIDC token is asked for, as STS and configure-aws-credentials expect. */
const OIDC_AUDIENCE = 'sts.amazonaws.com';
/**
 * Whether the step has AWS credentials of its own: the variables configure-aws-credentials (or a
 * runner) sets. A role with none of them, in a job that may ask for an OIDC token, is assumed
 * with that token, as configure-aws-credentials does.
 */
function hasStepCredentials(env) {
    return [
        'AWS_ACCESS_KEY_ID',
        'AWS_PROFILE',
        'AWS_WEB_IDENTITY_TOKEN_FILE',
        'AWS_CONTAINER_CREDENTIALS_RELATIVE_URI',
        'AWS_CONTAINER_CREDENTIALS_FULL_URI'
    ].some(name => !!env[name]);
}
/** Where a role's session comes from, decided from the environment alone (no call). */
function roleSource(identity, env) {
    if (identity.profile)
        return 'profile';
    if (!hasStepCredentials(env) && env.ACTIONS_ID_TOKEN_REQUEST_URL)
        return 'oidc';
    return 'default';
}
/** The session name when an item gives none: names the run, within STS's 64 characters. */
function defaultSessionName(env) {
    const run = [env.GITHUB_RUN_ID, env.GITHUB_RUN_ATTEMPT].filter(Boolean).join('-');
    return (run ? `ecr-login-${run}` : 'ecr-login').replace(/[^\w+=,.@-]/g, '-').slice(0, 64);
}
/** Where the SDK reads profiles from, as it resolves them (AWS_CONFIG_FILE, AWS_SHARED_CREDENTIALS_FILE). */
function sharedFiles(env, home) {
    return {
        config: env.AWS_CONFIG_FILE || (0,node_path__WEBPACK_IMPORTED_MODULE_0__.join)(home, '.aws', 'config'),
        credentials: env.AWS_SHARED_CREDENTIALS_FILE || (0,node_path__WEBPACK_IMPORTED_MODULE_0__.join)(home, '.aws', 'credentials')
    };
}
/**
 * Checks, before any call, that each target's aws-profile is in the shared config or credentials
 * file, read with the SDK's own loader; a missing one is a UserError naming the files searched.
 */
async function checkProfiles(targets, env) {
    if (!targets.some(t => t.identity?.profile))
        return;
    const { getHomeDir, loadSharedConfigFiles } = await __webpack_require__.e(/* import() */ 654).then(__webpack_require__.bind(__webpack_require__, 4654));
    const files = sharedFiles(env, env.HOME || getHomeDir());
    const loaded = await loadSharedConfigFiles({
        filepath: files.credentials,
        configFilepath: files.config,
        ignoreCache: true
    });
    for (const target of targets) {
        const profile = target.identity?.profile;
        if (!profile || loaded.configFile[profile] || loaded.credentialsFile[profile])
            continue;
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_1__/* .UserError */ .yo(`Invalid input for 'registries': the item of ${target.host ?? target.account} has aws-profile: '${profile}', which is in neither ${files.config} nor ${files.credentials}.`, 'Write the profile first (e.g. with aws-actions/configure-aws-credentials and its aws-profile input), or set AWS_CONFIG_FILE / AWS_SHARED_CREDENTIALS_FILE to the files that hold it.');
    }
}
/**
 * The credentials of one identity (for a role: one STS call), masked as soon as they exist.
 * Failures are UserErrors naming the identity and the likely cause. The caller resolves each
 * distinct identity once (login.ts), however many API calls use it.
 */
async function resolveIdentity(identity, deps) {
    const credentials = await resolve(identity, deps);
    deps.setSecret(credentials.secretAccessKey);
    if (credentials.sessionToken)
        deps.setSecret(credentials.sessionToken);
    return credentials;
}
async function resolve(identity, deps) {
    const { env } = deps;
    const { apiRequestHandler, USER_AGENT, withApiDeadline: withDeadline } = await __webpack_require__.e(/* import() */ 218).then(__webpack_require__.bind(__webpack_require__, 4837));
    const clientConfig = {
        region: deps.region ?? (0,_registry_js__WEBPACK_IMPORTED_MODULE_2__/* .regionFromEnv */ .Yl)(env) ?? 'us-east-1',
        customUserAgent: USER_AGENT,
        requestHandler: apiRequestHandler(deps.api)
    };
    const { fromIni } = await __webpack_require__.e(/* import() */ 80).then(__webpack_require__.bind(__webpack_require__, 80));
    const profileCredentials = () => fromIni({ profile: identity.profile, clientConfig })().catch(error => {
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_1__/* .UserError */ .yo(`Could not get credentials from profile ${identity.profile}: ${(0,_errors_js__WEBPACK_IMPORTED_MODULE_1__/* .messageOf */ .bD)(error)}`, 'Check the profile in the shared config/credentials files: its keys, or what it names to get them.');
    });
    if (!identity.roleArn)
        return withDeadline(() => profileCredentials());
    const source = roleSource(identity, env);
    const roleArn = identity.roleArn;
    const RoleSessionName = identity.sessionName ?? defaultSessionName(env);
    const sts = await Promise.all(/* import() */[__webpack_require__.e(257), __webpack_require__.e(915), __webpack_require__.e(64), __webpack_require__.e(590)]).then(__webpack_require__.bind(__webpack_require__, 1693));
    if (source === 'oidc') {
        const token = await oidcToken(identity, deps);
        const client = new sts.STSClient(clientConfig);
        try {
            const out = await withDeadline(abortSignal => client.send(new sts.AssumeRoleWithWebIdentityCommand({
                RoleArn: roleArn,
                RoleSessionName,
                WebIdentityToken: token
            }), { abortSignal }));
            return fromSts(out.Credentials, roleArn);
        }
        catch (error) {
            throw roleError(error, roleArn, source, `the job's GitHub OIDC token (${subjectOf(token)})`);
        }
    }
    const client = new sts.STSClient({
        ...clientConfig,
        ...(source === 'profile' ? { credentials: profileCredentials } : {})
    });
    try {
        const out = await withDeadline(abortSignal => client.send(new sts.AssumeRoleCommand({ RoleArn: roleArn, RoleSessionName }), { abortSignal }));
        return fromSts(out.Credentials, roleArn);
    }
    catch (error) {
        if (error instanceof _errors_js__WEBPACK_IMPORTED_MODULE_1__/* .UserError */ .yo)
            throw error;
        const principal = source === 'profile' ? `profile ${identity.profile}` : "the step's default credentials";
        throw roleError(error, roleArn, source, principal);
    }
}
/** The job's OIDC token, masked at once; a job without `id-token: write` is told so. */
async function oidcToken(identity, deps) {
    const get = deps.getIdToken ?? (async (audience) => (await Promise.resolve(/* import() */).then(__webpack_require__.bind(__webpack_require__, 3076))).getIDToken(audience));
    let token;
    try {
        token = await get(OIDC_AUDIENCE);
    }
    catch (error) {
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_1__/* .UserError */ .yo(`Could not get a GitHub OIDC token to assume role ${identity.roleArn}: ${(0,_errors_js__WEBPACK_IMPORTED_MODULE_1__/* .messageOf */ .bD)(error)}`, "The step has no AWS credentials, so the role is assumed with the job's OIDC token: give the job `permissions: id-token: write`, or configure AWS credentials before this step.");
    }
    deps.setSecret(token);
    return token;
}
function fromSts(credentials, roleArn) {
    if (!credentials?.AccessKeyId || !credentials.SecretAccessKey) {
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_1__/* .UserError */ .yo(`STS returned no credentials for role ${roleArn}.`);
    }
    return {
        accessKeyId: credentials.AccessKeyId,
        secretAccessKey: credentials.SecretAccessKey,
        sessionToken: credentials.SessionToken,
        expiration: credentials.Expiration
    };
}
/** The `sub` claim of a JWT (which repository, branch or environment asked), for messages; never the token. */
function subjectOf(token) {
    try {
        const payload = JSON.parse(Buffer.from(token.split('.')[1] ?? '', 'base64url').toString('utf8'));
        return typeof payload.sub === 'string' ? `sub ${payload.sub}` : 'no sub claim';
    }
    catch {
        return 'not a JWT';
    }
}
/** An STS failure as a UserError naming the role, who asked, and the likely cause. */
function roleError(error, roleArn, source, principal) {
    const e = error;
    const code = e?.name ?? e?.Code ?? 'Error';
    const message = (0,_errors_js__WEBPACK_IMPORTED_MODULE_1__/* .messageOf */ .bD)(error);
    // STS names the caller itself: "User: arn:aws:iam::111111111111:user/ci is not authorized ...".
    const asked = /User: (\S+) is not authorized/.exec(message)?.[1];
    const who = asked ? `${asked} (${principal})` : principal;
    if (code === 'AccessDenied' || code === 'AccessDeniedException') {
        const hint = source === 'oidc'
            ? `The role's trust policy must allow sts:AssumeRoleWithWebIdentity for the federated principal token.actions.githubusercontent.com, with conditions that match the audience ${OIDC_AUDIENCE} and this job's sub.`
            : `The role's trust policy must allow ${asked ?? 'this principal'} to call sts:AssumeRole, and that principal's own policies must allow sts:AssumeRole on ${roleArn}.`;
        return new _errors_js__WEBPACK_IMPORTED_MODULE_1__/* .UserError */ .yo(`Could not assume role ${roleArn} as ${who}: AccessDenied: ${message}`, hint);
    }
    if (code === 'TimeoutError') {
        return new _errors_js__WEBPACK_IMPORTED_MODULE_1__/* .UserError */ .yo(`Could not assume role ${roleArn} as ${who}: STS did not answer: ${message}`);
    }
    if (source === 'default' && /Could not load credentials|credential/i.test(message) && !asked) {
        return new _errors_js__WEBPACK_IMPORTED_MODULE_1__/* .UserError */ .yo(`Could not assume role ${roleArn}: the step has no AWS credentials to assume it with (${message}).`, 'Configure AWS credentials before this step, or give the job `permissions: id-token: write` so the role is assumed with its OIDC token.');
    }
    return new _errors_js__WEBPACK_IMPORTED_MODULE_1__/* .UserError */ .yo(`Could not assume role ${roleArn} as ${who}: ${code}: ${message}`);
}


/***/ })

};
;