module.exports = require("./scratch").teardown;
