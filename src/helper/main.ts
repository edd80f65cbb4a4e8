import { getFromCache } from './cached-get.js'

// The helper's program (dist/helper/main.js, run by helper.ts). A warm-cache `get` is answered by
// a module that loads next to nothing; everything else loads the full program.
const cached = getFromCache(process.argv.slice(2), process.env)
if (!cached.answered) void import('./program.js').then(program => program.runProgram(cached.stdin))
// Exit at once rather than tear the heap down, unless stdout still drains through a stream.
else if (!cached.flushing) process.exit(0)
