// The .swcrc, minus the path aliases that jest resolves through moduleNameMapper.
const fs = require('node:fs');
const path = require('node:path');

const config = JSON.parse(fs.readFileSync(path.join(__dirname, '..', '.swcrc'), 'utf8'));
delete config.$schema;
delete config.jsc.baseUrl;
delete config.jsc.paths;
config.swcrc = false;
module.exports = config;
