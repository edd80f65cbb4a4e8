"use strict";
exports.id = 873;
exports.ids = [873];
exports.modules = {

/***/ 5873:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

// ESM COMPAT FLAG
__webpack_require__.r(__webpack_exports__);

// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  API_DEADLINE_MS: () => (/* binding */ API_DEADLINE_MS),
  API_TIMEOUTS: () => (/* binding */ API_TIMEOUTS),
  USER_AGENT: () => (/* binding */ USER_AGENT),
  apiRequestHandler: () => (/* binding */ apiRequestHandler),
  createEcrApi: () => (/* binding */ createEcrApi),
  defaultAccessKeyId: () => (/* binding */ defaultAccessKeyId),
  sdkTimeout: () => (/* binding */ sdkTimeout),
  withApiDeadline: () => (/* binding */ withApiDeadline)
});

// EXTERNAL MODULE: external "node:net"
var external_node_net_ = __webpack_require__(7030);
// EXTERNAL MODULE: external "node:tls"
var external_node_tls_ = __webpack_require__(1692);
// EXTERNAL MODULE: ./node_modules/agent-base/dist/index.js + 1 modules
var dist = __webpack_require__(319);
// EXTERNAL MODULE: ./src/ecr/registry.ts
var registry = __webpack_require__(8591);
// EXTERNAL MODULE: external "node:fs"
var external_node_fs_ = __webpack_require__(3024);
// EXTERNAL MODULE: ./src/errors.ts
var errors = __webpack_require__(3916);
;// CONCATENATED MODULE: ./src/ecr/trust.ts



/**
 * The trust for API connections when AWS_CA_BUNDLE is set (the JavaScript SDK ignores it; the CLI
 * and other SDKs read it): the bundle ADDED to node's roots and NODE_EXTRA_CA_CERTS rather than
 * replacing them, so a runner that sets it for a corporate proxy still trusts what node trusts.
 * Undefined when it is not set: node's defaults apply.
 */
function readCaBundle(env) {
    const file = env.AWS_CA_BUNDLE?.trim();
    if (!file)
        return undefined;
    let bundle;
    try {
        bundle = (0,external_node_fs_.readFileSync)(file, 'utf8');
    }
    catch (error) {
        throw new errors/* UserError */.yo(`AWS_CA_BUNDLE names '${file}', which cannot be read: ${error.message}`, 'Point AWS_CA_BUNDLE at a PEM file of trusted certificates, or unset it.');
    }
    // Node itself only warns when NODE_EXTRA_CA_CERTS cannot be read; so do we, by leaving it out.
    const extraFile = env.NODE_EXTRA_CA_CERTS?.trim();
    let extra = [];
    try {
        if (extraFile)
            extra = [(0,external_node_fs_.readFileSync)(extraFile, 'utf8')];
    }
    catch {
        extra = [];
    }
    return [...external_node_tls_.rootCertificates, ...extra, bundle];
}
const contexts = new Map();
/**
 * The TLS context for API connections (undefined: node's defaults), built once per bundle file:
 * parsing a CA list costs milliseconds, and the early connection and the SDK's must trust the same.
 */
function trust_apiSecureContext(env) {
    const key = env.AWS_CA_BUNDLE?.trim() ?? '';
    if (!contexts.has(key)) {
        const ca = readCaBundle(env);
        contexts.set(key, ca && external_node_tls_.createSecureContext({ ca }));
    }
    return contexts.get(key);
}

// EXTERNAL MODULE: ./src/text.ts
var src_text = __webpack_require__(8992);
;// CONCATENATED MODULE: ./src/ecr/api-connection.ts






/**
 * The endpoint configured for a target's API (AWS_ENDPOINT_URL_ECR / _ECR_PUBLIC, else
 * AWS_ENDPOINT_URL), as the SDK reads it; undefined when none is, or when they are ignored.
 */
function configuredEndpoint(api, env) {
    if (env.AWS_IGNORE_CONFIGURED_ENDPOINT_URLS?.toLowerCase() === 'true')
        return undefined;
    const ownName = api.service === 'ecr-public' ? 'AWS_ENDPOINT_URL_ECR_PUBLIC' : 'AWS_ENDPOINT_URL_ECR';
    const name = env[ownName] ? ownName : env.AWS_ENDPOINT_URL ? 'AWS_ENDPOINT_URL' : undefined;
    return name && checkEndpoint(name, env[name]);
}
/** A configured endpoint must be an http(s) URL; else a UserError naming the variable, not a bare 'Invalid URL'. */
function checkEndpoint(name, value) {
    const url = URL.canParse(value) ? new URL(value) : undefined;
    if (url && (url.protocol === 'https:' || url.protocol === 'http:') && url.hostname)
        return value;
    throw new errors/* UserError */.yo(`The environment variable ${name} is '${(0,src_text/* cut */.Jj)(value)}', which is not an http(s) URL.`, `Set it to the API's URL, e.g. https://api.ecr.us-east-1.amazonaws.com or a VPC endpoint's https:// URL, or unset it.`);
}
/** The API URL a target's calls go to, as the SDK resolves it for the common cases. */
function apiUrl(api, env) {
    const configured = configuredEndpoint(api, env);
    if (configured)
        return configured;
    const region = api.region ?? env.AWS_REGION ?? env.AWS_DEFAULT_REGION ?? 'us-east-1';
    const suffix = region.startsWith('cn-') ? 'amazonaws.com.cn' : 'amazonaws.com';
    return api.service === 'ecr-public'
        ? `https://api.ecr-public.${region}.${suffix}`
        : `https://api.ecr.${region}.${suffix}`;
}
/**
 * Whether `apiUrl` is surely where the SDK will connect: a configured endpoint, or a standard
 * regional one (FIPS, GovCloud and the isolated partitions have other host names).
 */
function predictable(api, env) {
    if (configuredEndpoint(api, env))
        return true;
    const region = api.region ?? env.AWS_REGION ?? env.AWS_DEFAULT_REGION ?? '';
    return !api.fips && (isCommercialRegion(region) || /^cn-[a-z]+-\d+$/.test(region));
}
const early = new Map();
/**
 * Opens a TLS connection to `url` now, so that its TCP and TLS round trips overlap the SDK's
 * loading and credential resolution instead of following them; the SDK's agent takes it with
 * `takeConnection`. Only for direct connections (the caller checks the proxy first). A connection
 * that fails or is never taken costs nothing: errors are dropped (the SDK's own connection then
 * reports them) and it never keeps the process alive.
 */
function preconnect(url, env) {
    let target;
    try {
        target = new URL(url);
    }
    catch {
        return;
    }
    if (target.protocol !== 'https:')
        return;
    const host = target.hostname.replace(/^\[|\]$/g, '');
    const port = Number(target.port || 443);
    const key = `${host}:${port}`;
    if (early.has(key))
        return;
    let secureContext;
    try {
        secureContext = apiSecureContext(env);
    }
    catch {
        // An unreadable AWS_CA_BUNDLE is reported by the SDK's client with its own message.
        return;
    }
    const socket = tls.connect({
        host,
        port,
        servername: net.isIP(host) ? undefined : host,
        ...(secureContext ? { secureContext } : {})
    });
    socket.unref();
    early.set(key, socket);
    const drop = () => {
        if (early.get(key) === socket)
            early.delete(key);
        socket.destroy();
    };
    socket.once('error', drop);
    socket.once('close', drop);
    // Never held longer than the SDK's own connection time-out would allow.
    socket.setTimeout(10_000, drop);
}
/** The early connection to host:port, if it is still usable; each is handed out once. */
function takeConnection(host, port) {
    const key = `${host.replace(/^\[|\]$/g, '')}:${port}`;
    const socket = early.get(key);
    if (!socket || socket.destroyed)
        return undefined;
    early.delete(key);
    socket.removeAllListeners('error');
    socket.removeAllListeners('close');
    socket.removeAllListeners('timeout');
    socket.setTimeout(0);
    socket.ref();
    return socket;
}

// EXTERNAL MODULE: ./src/redact.ts
var redact = __webpack_require__(6670);
;// CONCATENATED MODULE: ./src/ecr/proxy.ts
/** Picks the proxy for one API URL: the action input, else HTTPS_PROXY/HTTP_PROXY, minus NO_PROXY. */



function envVar(env, name) {
    // The lower-case spelling wins, as in curl and most Unix tools.
    for (const spelling of [name.toLowerCase(), name.toUpperCase()]) {
        const value = env[spelling];
        if (value !== undefined)
            return value.trim() ? { name: spelling, value: value.trim() } : undefined;
    }
    return undefined;
}
/**
 * The proxy URL to use for `target`, or undefined to connect directly. A proxy from the
 * environment is checked as the input is (see checkProxyUrl) and throws a UserError naming the
 * variable; a value without a scheme means http://, as curl and Go read these variables.
 */
function proxyFor(target, settings) {
    const url = typeof target === 'string' ? new URL(target) : target;
    if (settings.input)
        return settings.input;
    const proxy = url.protocol === 'https:'
        ? (envVar(settings.env, 'https_proxy') ?? envVar(settings.env, 'http_proxy'))
        : envVar(settings.env, 'http_proxy');
    if (!proxy)
        return undefined;
    if (bypassed(url, envVar(settings.env, 'no_proxy')?.value))
        return undefined;
    const value = /^[a-z][a-z0-9+.-]*:\/\//i.test(proxy.value) ? proxy.value : `http://${proxy.value}`;
    return checkProxyUrl(value, `Invalid proxy in the environment variable ${proxy.name}`);
}
/**
 * Returns `value` when it is an http(s) URL with a host; else throws a UserError that starts with
 * `prefix` (which names the input or variable), shows the value without its password, and says
 * how to fix it. Only http(s) proxies speak CONNECT, which is all the https-proxy-agent does.
 */
function checkProxyUrl(value, prefix) {
    let url;
    try {
        url = new URL(value);
    }
    catch {
        url = undefined;
    }
    if (url && (url.protocol === 'http:' || url.protocol === 'https:') && url.hostname)
        return value;
    const shown = (0,src_text/* cut */.Jj)((0,redact/* redactUrl */.BO)(value));
    const example = 'Use a URL such as http://proxy.example.com:3128 (user info allowed: http://user:pass@host:3128).';
    const scheme = /^([a-z][a-z0-9+.-]*):\/\//i.exec(value)?.[1].toLowerCase();
    if (scheme && scheme !== 'http' && scheme !== 'https') {
        throw new errors/* UserError */.yo(`${prefix}: '${shown}' is not an http(s) URL: ${scheme}:// proxies are not supported.`, `${example} The AWS API is reached through an HTTP proxy's CONNECT only.`);
    }
    if (!url && value.includes('@')) {
        throw new errors/* UserError */.yo(`${prefix}: '${shown}' is not an http(s) URL: it cannot be parsed.`, 'Percent-encode reserved characters in the user name and password (/ as %2F, @ as %40, : as %3A, ' +
            '# as %23), e.g. http://user:pa%2Fss@proxy.example.com:3128.');
    }
    throw new errors/* UserError */.yo(`${prefix}: '${shown}' is not an http(s) URL.`, example);
}
/**
 * True when NO_PROXY covers the URL. Entries are host names (a leading `.` or `*.` matches
 * subdomains, a bare name matches itself and its subdomains), IP addresses, CIDR-free
 * `host:port`, or `*` for everything.
 */
function bypassed(url, noProxy) {
    if (!noProxy)
        return false;
    const host = url.hostname.replace(/^\[|\]$/g, '').toLowerCase();
    const port = url.port || (url.protocol === 'https:' ? '443' : '80');
    for (const raw of noProxy.split(/[\s,]+/)) {
        let entry = raw.trim().toLowerCase();
        if (!entry)
            continue;
        if (entry === '*')
            return true;
        let entryPort;
        // `[v6]:port`, `host:port`; a bare IPv6 address (`::1`) has colons but no port.
        const portMatch = /^\[([^\]]+)\](?::(\d+))?$/.exec(entry) ??
            (entry.includes('::') ? null : /^(.*[^:]):(\d+)$/.exec(entry));
        if (portMatch) {
            entry = portMatch[1];
            entryPort = portMatch[2];
        }
        if (entryPort && entryPort !== port)
            continue;
        entry = entry.replace(/^\*?\./, '').replace(/^\[|\]$/g, '');
        if (host === entry || host.endsWith(`.${entry}`))
            return true;
    }
    return false;
}

// EXTERNAL MODULE: ./package.json
var package_0 = __webpack_require__(8330);
// EXTERNAL MODULE: external "node:stream"
var external_node_stream_ = __webpack_require__(7075);
;// CONCATENATED MODULE: ./src/ecr/response-cap.ts


// A bound on what is read from the API. A GetAuthorizationToken answer is a few kB; an endpoint
// (AWS_ENDPOINT_URL_ECR, a proxy, a hostile network) that sends gigabytes would otherwise be read
// whole before the JSON parser saw it, until V8 ran out of memory and killed the step (or the
// helper) without a message.
/** The most of one API response that is read: far above any real answer. */
const MAX_RESPONSE_BYTES = 1024 * 1024;
/**
 * Caps every response `client` reads at `max` bytes: one whose Content-Length says more is refused
 * unread, and one that sends more than it (or says nothing) is refused once it has. Added as the
 * innermost deserialize middleware, so it reads the body before the SDK's parser does and its
 * error reaches the caller as it is, not as a parse error.
 */
function capResponses(client, max = MAX_RESPONSE_BYTES) {
    const middleware = (next) => async (args) => {
        const result = await next(args);
        const { response } = result;
        const length = Object.entries(response.headers ?? {}).find(([name]) => name.toLowerCase() === 'content-length')?.[1];
        if (length !== undefined && Number(length) > max) {
            destroy(response.body);
            throw tooLarge(max, `it announced ${length} bytes`);
        }
        if (response.body instanceof external_node_stream_.Readable)
            response.body = external_node_stream_.Readable.from([await readCapped(response.body, max)]);
        return result;
    };
    client.middlewareStack.add(middleware, {
        step: 'deserialize',
        priority: 'low',
        name: 'ecrLoginResponseCap'
    });
}
/** The whole of `body`, or a UserError (and the stream ended) as soon as it passes `max` bytes. */
async function readCapped(body, max = MAX_RESPONSE_BYTES) {
    const chunks = [];
    let size = 0;
    for await (const chunk of body) {
        const buffer = Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk);
        size += buffer.length;
        if (size > max) {
            body.destroy();
            throw tooLarge(max, 'it sent more');
        }
        chunks.push(buffer);
    }
    return Buffer.concat(chunks);
}
function tooLarge(max, what) {
    return new errors/* UserError */.yo(`The ECR API's response is larger than ${max / 1024 / 1024} MiB (${what}), so it was not read; a real answer is a few kB.`, 'Check AWS_ENDPOINT_URL_ECR (or AWS_ENDPOINT_URL) and any proxy: they should lead to the ECR API.');
}
function destroy(body) {
    if (body instanceof external_node_stream_.Readable)
        body.destroy();
}

// EXTERNAL MODULE: ./src/deadline.ts
var deadline = __webpack_require__(6683);
;// CONCATENATED MODULE: ./src/ecr/aws.ts











/**
 * Bounds of each API request, so an endpoint or proxy that accepts a connection and never answers
 * fails instead of hanging the step: connecting (through a proxy: until it answers CONNECT), and
 * the whole request until the response headers, and any silence on the socket after that. With
 * the SDK's 3 attempts and its backoff, a silent endpoint fails in under a minute.
 */
const API_TIMEOUTS = { connectionMs: 5_000, requestMs: 15_000, socketMs: 15_000 };
/**
 * However many attempts the SDK is allowed (AWS_MAX_ATTEMPTS) and whatever it waits on (credential
 * providers included), one token request gives up after this long.
 */
const API_DEADLINE_MS = 90_000;
/**
 * Appended to the SDK's user agent as `ecr-login/<version>`, so that AWS counts our calls as ours
 * (the reference action names itself `amazon-ecr-login-for-github-actions`).
 */
const USER_AGENT = [['ecr-login', package_0/* version */.rE]];
/**
 * Builds an EcrApi for one target. The SDK is imported here, lazily, so that a run loads only the
 * client it needs (ECR Public only for public registries) and the post step never loads it.
 */
async function createEcrApi(target, options) {
    const env = options.proxy.env;
    const requestHandler = apiRequestHandler(options);
    // A list item's identity (identities.ts); absent: the SDK's default chain.
    const credentials = options.credentials;
    if (target.service === 'ecr-public') {
        const { ECRPUBLICClient, GetAuthorizationTokenCommand } = await Promise.all(/* import() */[__webpack_require__.e(291), __webpack_require__.e(861), __webpack_require__.e(821)]).then(__webpack_require__.t.bind(__webpack_require__, 9821, 19));
        const client = new ECRPUBLICClient({
            region: registry/* PUBLIC_REGION */.Ne,
            customUserAgent: USER_AGENT,
            requestHandler,
            credentials
        });
        capResponses(client);
        return {
            region: registry/* PUBLIC_REGION */.Ne,
            async getAuthorizationToken() {
                const out = await withApiDeadline(abortSignal => client.send(new GetAuthorizationTokenCommand({}), { abortSignal }));
                const data = out.authorizationData;
                return data?.authorizationToken
                    ? [{ authorizationToken: data.authorizationToken, expiresAt: data.expiresAt }]
                    : [];
            }
        };
    }
    const { ECRClient, GetAuthorizationTokenCommand } = await Promise.all(/* import() */[__webpack_require__.e(291), __webpack_require__.e(861), __webpack_require__.e(249)]).then(__webpack_require__.t.bind(__webpack_require__, 8249, 19));
    const client = new ECRClient({
        // A bad AWS_REGION is named here rather than left to the SDK's 'Region not accepted'.
        region: target.region ?? (0,registry/* regionFromEnv */.Yl)(env),
        // A configured endpoint (AWS_ENDPOINT_URL_ECR, e.g. a VPC endpoint) wins over FIPS; the SDK
        // refuses the combination outright.
        useFipsEndpoint: target.fips && !configuredEndpoint(target, env) ? true : undefined,
        customUserAgent: USER_AGENT,
        requestHandler,
        credentials
    });
    capResponses(client);
    // Resolving the region now turns "no region configured" into an error before any request.
    const region = await client.config.region();
    return {
        region,
        async getAuthorizationToken(registryIds) {
            const out = await withApiDeadline(abortSignal => client.send(new GetAuthorizationTokenCommand(registryIds.length ? { registryIds } : {}), {
                abortSignal
            }));
            return (out.authorizationData ?? []).flatMap(d => d.authorizationToken
                ? [
                    {
                        authorizationToken: d.authorizationToken,
                        expiresAt: d.expiresAt,
                        proxyEndpoint: d.proxyEndpoint
                    }
                ]
                : []);
        }
    };
}
/** The request handler of every API client (ECR, ECR Public, STS): proxy, CA bundle, time bounds. */
function apiRequestHandler(options) {
    const env = options.proxy.env;
    const debug = options.debug ?? (() => undefined);
    return {
        httpsAgent: new ProxyRouter(options.proxy, trust_apiSecureContext(env), options.debug),
        connectionTimeout: API_TIMEOUTS.connectionMs,
        requestTimeout: API_TIMEOUTS.requestMs,
        // Without it, a request past requestTimeout only logs a warning and goes on waiting.
        throwOnRequestTimeout: true,
        socketTimeout: API_TIMEOUTS.socketMs,
        // The handler's default logger is the console: its warnings would reach docker's stderr
        // through the credential helper. They go to the debug log instead.
        logger: { trace: debug, debug, info: debug, warn: debug, error: debug }
    };
}
/**
 * One SDK call bounded by API_DEADLINE_MS (deadline.ts): past it, the request in flight is aborted
 * and the call fails with a TimeoutError, even if the SDK was still retrying or resolving credentials.
 */
function withApiDeadline(send) {
    return (0,deadline/* withDeadline */.N)(send, API_DEADLINE_MS, sdkTimeout);
}
/** The error of an SDK call past its deadline: a TimeoutError, as the SDK names its own. */
function sdkTimeout(ms) {
    return Object.assign(new Error(`no answer within ${ms / 1000} s, the SDK's retries included`), {
        name: 'TimeoutError'
    });
}
/** The access key id the SDK's default credential chain resolves to; throws when there is none. */
async function defaultAccessKeyId() {
    const { defaultProvider } = await Promise.all(/* import() */[__webpack_require__.e(291), __webpack_require__.e(861)]).then(__webpack_require__.t.bind(__webpack_require__, 5861, 19));
    return (await defaultProvider()()).accessKeyId || undefined;
}
/**
 * An https agent that decides per connection whether to go through a proxy, so NO_PROXY is
 * honoured for whatever endpoint the SDK resolves (regional, FIPS, or a configured one).
 */
class ProxyRouter extends dist/* Agent */.g6 {
    settings;
    secureContext;
    debug;
    // https-proxy-agent (and the debug package it loads) only for a run that uses a proxy.
    proxies = new Map();
    announced = new Set();
    constructor(settings, 
    // Built once (trust.ts): parsing a CA list per connection would cost milliseconds each time.
    secureContext, debug) {
        super({ keepAlive: true });
        this.settings = settings;
        this.secureContext = secureContext;
        this.debug = debug;
    }
    connect(req, opts) {
        const target = `https://${opts.host}:${opts.port}`;
        const proxy = proxyFor(target, this.settings);
        const withCa = this.secureContext ? { ...opts, secureContext: this.secureContext } : opts;
        this.announce(target, proxy);
        if (proxy)
            return this.throughProxy(proxy, req, withCa);
        const host = opts.host ?? 'localhost';
        // The connection main opened while the SDK loaded (api-connection.ts), if it is still good.
        const early = takeConnection(host, Number(opts.port));
        if (early)
            return early;
        return external_node_tls_.connect({
            ...withCa,
            servername: external_node_net_.isIP(host) ? undefined : host
        });
    }
    async throughProxy(proxy, req, opts) {
        let agent = this.proxies.get(proxy);
        if (!agent) {
            agent = __webpack_require__.e(/* import() */ 270).then(__webpack_require__.bind(__webpack_require__, 8270)).then(m => new m.HttpsProxyAgent(proxy, { keepAlive: true }));
            this.proxies.set(proxy, agent);
        }
        return (await agent).connect(req, opts);
    }
    announce(target, proxy) {
        if (!this.debug || this.announced.has(target))
            return;
        this.announced.add(target);
        this.debug(proxy ? `Connecting to ${target} through proxy ${(0,redact/* redactUrl */.BO)(proxy)}` : `Connecting to ${target} directly`);
    }
}


/***/ }),

/***/ 319:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  g6: () => (/* binding */ Agent)
});

// UNUSED EXPORTS: json, req, toBuffer

// EXTERNAL MODULE: external "net"
var external_net_ = __webpack_require__(9278);
// EXTERNAL MODULE: external "http"
var external_http_ = __webpack_require__(8611);
// EXTERNAL MODULE: external "https"
var external_https_ = __webpack_require__(5692);
;// CONCATENATED MODULE: ./node_modules/agent-base/dist/helpers.js


async function toBuffer(stream) {
    let length = 0;
    const chunks = [];
    for await (const chunk of stream) {
        length += chunk.length;
        chunks.push(chunk);
    }
    return Buffer.concat(chunks, length);
}
// eslint-disable-next-line @typescript-eslint/no-explicit-any
async function json(stream) {
    const buf = await toBuffer(stream);
    const str = buf.toString('utf8');
    try {
        return JSON.parse(str);
    }
    catch (_err) {
        const err = _err;
        err.message += ` (input: ${str})`;
        throw err;
    }
}
function req(url, opts = {}) {
    const href = typeof url === 'string' ? url : url.href;
    const req = (href.startsWith('https:') ? https : http).request(url, opts);
    const promise = new Promise((resolve, reject) => {
        req
            .once('response', resolve)
            .once('error', reject)
            .end();
    });
    req.then = promise.then.bind(promise);
    return req;
}
//# sourceMappingURL=helpers.js.map
;// CONCATENATED MODULE: ./node_modules/agent-base/dist/index.js




const INTERNAL = Symbol('AgentBaseInternalState');
class Agent extends external_http_.Agent {
    constructor(opts) {
        super(opts);
        this[INTERNAL] = {};
    }
    /**
     * Determine whether this is an `http` or `https` request.
     */
    isSecureEndpoint(options) {
        if (options) {
            // First check the `secureEndpoint` property explicitly, since this
            // means that a parent `Agent` is "passing through" to this instance.
            // eslint-disable-next-line @typescript-eslint/no-explicit-any
            if (typeof options.secureEndpoint === 'boolean') {
                return options.secureEndpoint;
            }
            // If no explicit `secure` endpoint, check if `protocol` property is
            // set. This will usually be the case since using a full string URL
            // or `URL` instance should be the most common usage.
            if (typeof options.protocol === 'string') {
                return options.protocol === 'https:';
            }
        }
        // Finally, if no `protocol` property was set, then fall back to
        // checking the stack trace of the current call stack, and try to
        // detect the "https" module.
        const { stack } = new Error();
        if (typeof stack !== 'string')
            return false;
        return stack
            .split('\n')
            .some((l) => l.indexOf('(https.js:') !== -1 ||
            l.indexOf('node:https:') !== -1);
    }
    // In order to support async signatures in `connect()` and Node's native
    // connection pooling in `http.Agent`, the array of sockets for each origin
    // has to be updated synchronously. This is so the length of the array is
    // accurate when `addRequest()` is next called. We achieve this by creating a
    // fake socket and adding it to `sockets[origin]` and incrementing
    // `totalSocketCount`.
    incrementSockets(name) {
        // If `maxSockets` and `maxTotalSockets` are both Infinity then there is no
        // need to create a fake socket because Node.js native connection pooling
        // will never be invoked.
        if (this.maxSockets === Infinity && this.maxTotalSockets === Infinity) {
            return null;
        }
        // All instances of `sockets` are expected TypeScript errors. The
        // alternative is to add it as a private property of this class but that
        // will break TypeScript subclassing.
        if (!this.sockets[name]) {
            // @ts-expect-error `sockets` is readonly in `@types/node`
            this.sockets[name] = [];
        }
        const fakeSocket = new external_net_.Socket({ writable: false });
        this.sockets[name].push(fakeSocket);
        // @ts-expect-error `totalSocketCount` isn't defined in `@types/node`
        this.totalSocketCount++;
        return fakeSocket;
    }
    decrementSockets(name, socket) {
        if (!this.sockets[name] || socket === null) {
            return;
        }
        const sockets = this.sockets[name];
        const index = sockets.indexOf(socket);
        if (index !== -1) {
            sockets.splice(index, 1);
            // @ts-expect-error  `totalSocketCount` isn't defined in `@types/node`
            this.totalSocketCount--;
            if (sockets.length === 0) {
                // @ts-expect-error `sockets` is readonly in `@types/node`
                delete this.sockets[name];
            }
        }
    }
    // In order to properly update the socket pool, we need to call `getName()` on
    // the core `https.Agent` if it is a secureEndpoint.
    getName(options) {
        const secureEndpoint = this.isSecureEndpoint(options);
        if (secureEndpoint) {
            return external_https_.Agent.prototype.getName.call(this, options);
        }
        return super.getName(options);
    }
    createSocket(req, options, cb) {
        const connectOpts = {
            ...options,
            secureEndpoint: this.isSecureEndpoint(options),
        };
        const name = this.getName(connectOpts);
        const fakeSocket = this.incrementSockets(name);
        Promise.resolve()
            .then(() => this.connect(req, connectOpts))
            .then((socket) => {
            this.decrementSockets(name, fakeSocket);
            if (typeof socket
                .addRequest === 'function') {
                try {
                    return socket.addRequest(req, connectOpts);
                }
                catch (err) {
                    return cb(err);
                }
            }
            this[INTERNAL].currentSocket = socket;
            // @ts-expect-error `createSocket()` isn't defined in `@types/node`
            super.createSocket(req, options, cb);
        }, (err) => {
            this.decrementSockets(name, fakeSocket);
            cb(err);
        });
    }
    createConnection() {
        const socket = this[INTERNAL].currentSocket;
        this[INTERNAL].currentSocket = undefined;
        if (!socket) {
            throw new Error('No socket was returned in the `connect()` function');
        }
        return socket;
    }
    get defaultPort() {
        return (this[INTERNAL].defaultPort ??
            (this.protocol === 'https:' ? 443 : 80));
    }
    set defaultPort(v) {
        if (this[INTERNAL]) {
            this[INTERNAL].defaultPort = v;
        }
    }
    get protocol() {
        return (this[INTERNAL].protocol ??
            (this.isSecureEndpoint() ? 'https:' : 'http:'));
    }
    set protocol(v) {
        if (this[INTERNAL]) {
            this[INTERNAL].protocol = v;
        }
    }
}
//# sourceMappingURL=index.js.map

/***/ })

};
;