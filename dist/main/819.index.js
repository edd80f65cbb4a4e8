"use strict";
exports.id = 819;
exports.ids = [819];
exports.modules = {

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
    const target = cacheTargetOf(host);
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
    log.debug(retrievingLine(host, parseHost(host)));
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
    const ecrFor = (api) => deps.ecrFor(api, { proxy: { env: deps.env }, debug: message => log.debug(message) });
    /** Calls GetAuthorizationToken and caches every entry it returns. */
    const fetchEntries = async (api, ids, fallbackEndpoint) => {
        if (!(await deps.accessKeyId())) {
            throw new errors/* UserError */.yo('No AWS credentials were found (environment, profile, SSO, container or instance role).');
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
            const endpoint = d.proxyEndpoint ?? fallbackEndpoint;
            if (!endpoint)
                continue;
            const { username, password } = (0,tokens/* decodeToken */.oL)(d.authorizationToken);
            log.secret(password);
            const target = api.service === 'ecr-public' ? { service: 'ecr-public' } : privateTarget((0,registry/* hostFromEndpoint */.gk)(endpoint));
            if (!target)
                throw new errors/* UserError */.yo(`The ECR API returned an unexpected registry endpoint: ${endpoint}`);
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
    /** The cached token while fresh; else a new one; else, if the call failed, the stale one. */
    const credentialsFor = async (wanted) => {
        const cached = await deps.cache.get(wanted.cacheTarget);
        const usable = cached && decodeCached(cached, log);
        if (cached && usable && (0,cache_file/* isFresh */.pL)(cached, deps.now())) {
            log.debug(usingCachedLine(wanted.label));
            return usable;
        }
        if (cached) {
            log.debug(`Cached token for ${wanted.label} is no longer valid (requestedAt ${cached.requestedAt.toISOString()}, ` +
                `expiresAt ${cached.expiresAt.toISOString()})`);
        }
        try {
            const entries = await withDeadline(fetchEntries(wanted.api, wanted.ids, wanted.fallbackEndpoint), (deps.deadlinesMs ?? DEADLINES_MS)[usable ? 'refresh' : 'api'], `${wanted.api.service === 'ecr' ? 'ECR' : 'ECR Public'} did not answer for ${wanted.label}`);
            const mine = entries.find(e => sameTarget(e.target, wanted.cacheTarget)) ??
                (entries.length === 1 ? entries[0] : undefined);
            if (!mine)
                throw new errors/* UserError */.yo(`The ECR API returned no authorization data for ${wanted.label}.`);
            return { username: mine.username, password: mine.password };
        }
        catch (error) {
            // A 500 or a timeout from the service should not fail a pull while a token we already
            // have may still work: serve it, stale or not. Tokens are refreshed at half their
            // lifetime, so a stale one usually has hours left.
            if (usable) {
                log.info(`Got error fetching authorization token for ${wanted.label}. Falling back to cached token. ` +
                    `Error was: ${(0,errors/* messageOf */.bD)(error)}`);
                return usable;
            }
            throw error;
        }
    };
    return {
        async get(serverUrl) {
            const host = (0,registry/* hostOf */.w4)(serverUrl);
            const target = (0,registry/* parseHost */.o6)(host);
            if (!target) {
                log.error(`Error parsing the serverURL ${JSON.stringify(serverUrl)}: docker-credential-ecr-login can only be used with Amazon Elastic Container Registry.`);
                throw new CredentialsNotFound();
            }
            const wanted = target.service === 'ecr-public'
                ? {
                    api: { service: 'ecr-public', region: registry/* PUBLIC_REGION */.Ne, fips: false },
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
                    withDeadline(fetchEntries({ service: 'ecr', fips: false }, []), (deps.deadlinesMs ?? DEADLINES_MS).api, 'ECR did not answer for the default registry').then(entries => entries.forEach(e => (out[e.entry.proxyEndpoint] = e.username)), error => log.debug(`Couldn't get authorization token for default registry: ${(0,errors/* messageOf */.bD)(error)}`)),
                    credentialsFor({
                        api: { service: 'ecr-public', region: registry/* PUBLIC_REGION */.Ne, fips: false },
                        cacheTarget: { service: 'ecr-public' },
                        ids: [],
                        label: registry/* PUBLIC_HOST */.dt,
                        fallbackEndpoint: PUBLIC_ENDPOINT
                    }).then(c => (out[PUBLIC_ENDPOINT] = c.username), error => log.debug(`Couldn't get authorization token for public registry: ${(0,errors/* messageOf */.bD)(error)}`))
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
    const target = (0,cache_file/* cacheTargetOf */.TD)(host);
    return target?.service === 'ecr' ? target : undefined;
}
/** Rejects with `message` (and the time) when `work` takes longer than `ms`. */
async function withDeadline(work, ms, message) {
    let timer;
    const deadline = new Promise((_, reject) => {
        timer = setTimeout(() => reject(new errors/* UserError */.yo(`${message} within ${ms / 1000} s`)), ms);
    });
    try {
        return await Promise.race([work, deadline]);
    }
    finally {
        clearTimeout(timer);
    }
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
        return await (await __webpack_require__.e(/* import() */ 364).then(__webpack_require__.bind(__webpack_require__, 2364))).defaultAccessKeyId();
    }
    catch (error) {
        log?.debug(`Could not resolve AWS credentials: ${(0,errors/* messageOf */.bD)(error)}`);
        return undefined;
    }
}


/***/ })

};
;