import { startPostgres } from "./test/support/postgres";
(async () => { const pg = await startPostgres(); console.log(pg.connStr, pg.psql("select version()")); require("fs").writeFileSync("/tmp/p14pg.conn", pg.connStr); if (process.argv[3] !== "keep") pg.stop(); })();
