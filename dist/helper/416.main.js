exports.id = 416;
exports.ids = [416];
exports.modules = {

/***/ 6416:
/***/ ((module) => {

module.exports = eval("require")("kerberos");


/***/ })

};
;