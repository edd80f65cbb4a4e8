"use strict";
exports.id = 80;
exports.ids = [80];
exports.modules = {

/***/ 80:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  fromIni: () => (/* reexport */ fromIni)
});

// UNUSED EXPORTS: createCredentialChain, fromCognitoIdentity, fromCognitoIdentityPool, fromContainerMetadata, fromEnv, fromHttp, fromInstanceMetadata, fromLoginCredentials, fromNodeProviderChain, fromProcess, fromSSO, fromTemporaryCredentials, fromTokenFile, fromWebToken, propertyProviderChain

;// CONCATENATED MODULE: ./node_modules/@aws-sdk/credential-providers/dist-es/fromIni.js
const fromIni = (init = {}) => {
    return async (args) => {
        const { fromIni: _fromIni } = await __webpack_require__.e(/* import() */ 236).then(__webpack_require__.bind(__webpack_require__, 6236));
        return _fromIni({ ...init })(args);
    };
};

;// CONCATENATED MODULE: ./node_modules/@aws-sdk/credential-providers/dist-es/index.js

















/***/ })

};
;