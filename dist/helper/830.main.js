"use strict";
exports.id = 830;
exports.ids = [830];
exports.modules = {

/***/ 1830:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   Q: () => (/* binding */ HttpClient)
/* harmony export */ });
/** `@actions/http-client`'s HttpClient, constructed on the first method call. */
class HttpClient {
    constructor(...args) {
        let real;
        const load = () => (real ??= __webpack_require__.e(/* import() */ 942).then(__webpack_require__.bind(__webpack_require__, 4942)).then(m => new m.HttpClient(...args)));
        // Every method of the real client is async except the agent getters, which core never uses.
        return new Proxy(this, {
            get: (_target, method) => async (...callArgs) => {
                const client = (await load());
                return client[method](...callArgs);
            }
        });
    }
}


/***/ })

};
;