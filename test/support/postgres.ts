/** The tests' throwaway PostgreSQL cluster: runtime/postgres.ts (the benchmark's PostgreSQL round uses the same). */
export { postgresBin, startPostgres, type Postgres } from '../../runtime/postgres';
