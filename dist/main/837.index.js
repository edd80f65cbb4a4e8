"use strict";
exports.id = 837;
exports.ids = [837];
exports.modules = {

/***/ 4837:
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
// EXTERNAL MODULE: ./src/ecr/api-connection.ts
var api_connection = __webpack_require__(1003);
// EXTERNAL MODULE: ./src/ecr/proxy.ts
var ecr_proxy = __webpack_require__(4218);
// EXTERNAL MODULE: ./src/redact.ts
var redact = __webpack_require__(6670);
;// CONCATENATED MODULE: ./package.json
const package_namespaceObject = {"rE":"1.0.0"};
// EXTERNAL MODULE: ./src/ecr/registry.ts
var registry = __webpack_require__(8591);
// EXTERNAL MODULE: ./src/ecr/trust.ts
var trust = __webpack_require__(3380);
// EXTERNAL MODULE: external "node:stream"
var external_node_stream_ = __webpack_require__(7075);
// EXTERNAL MODULE: ./src/errors.ts
var errors = __webpack_require__(3916);
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
const USER_AGENT = [['ecr-login', package_namespaceObject.rE]];
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
        const { ECRPUBLICClient, GetAuthorizationTokenCommand } = await Promise.all(/* import() */[__webpack_require__.e(257), __webpack_require__.e(915), __webpack_require__.e(999), __webpack_require__.e(111)]).then(__webpack_require__.bind(__webpack_require__, 4198));
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
    const { ECRClient, GetAuthorizationTokenCommand } = await Promise.all(/* import() */[__webpack_require__.e(257), __webpack_require__.e(915), __webpack_require__.e(999), __webpack_require__.e(751)]).then(__webpack_require__.bind(__webpack_require__, 7126));
    const client = new ECRClient({
        // A bad AWS_REGION is named here rather than left to the SDK's 'Region not accepted'.
        region: target.region ?? (0,registry/* regionFromEnv */.Yl)(env),
        // A configured endpoint (AWS_ENDPOINT_URL_ECR, e.g. a VPC endpoint) wins over FIPS; the SDK
        // refuses the combination outright.
        useFipsEndpoint: target.fips && !(0,api_connection/* configuredEndpoint */.iw)(target, env) ? true : undefined,
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
        httpsAgent: new ProxyRouter(options.proxy, (0,trust/* apiSecureContext */.L)(env), options.debug),
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
    const { defaultProvider } = await __webpack_require__.e(/* import() */ 949).then(__webpack_require__.bind(__webpack_require__, 9949));
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
        const proxy = (0,ecr_proxy/* proxyFor */.iJ)(target, this.settings);
        const withCa = this.secureContext ? { ...opts, secureContext: this.secureContext } : opts;
        this.announce(target, proxy);
        if (proxy)
            return this.throughProxy(proxy, req, withCa);
        const host = opts.host ?? 'localhost';
        // The connection main opened while the SDK loaded (api-connection.ts), if it is still good.
        const early = (0,api_connection/* takeConnection */.gq)(host, Number(opts.port));
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