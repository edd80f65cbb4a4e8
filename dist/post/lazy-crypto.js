'use strict'
// node:crypto, loaded on first use (scripts/bundle.mjs, LAZY_BUILTINS).
let real
const load = () => (real ??= require('node:crypto'))
module.exports = new Proxy(Object.create(null), {
  get: (_, key) => load()[key],
  has: (_, key) => key in load(),
  ownKeys: () => Reflect.ownKeys(load()),
  getOwnPropertyDescriptor: (_, key) => {
    const descriptor = Reflect.getOwnPropertyDescriptor(load(), key)
    return descriptor && { ...descriptor, configurable: true }
  }
})
