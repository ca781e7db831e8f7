import { defineRule, type Confidence, type Fix, type RelatedLocation } from '../src/engine/types.js';
import { REFERENCES } from '../src/model/explain.js';
import { isWithin, normalizePath } from '../src/model/paths.js';
import { isShellStartScript } from '../src/model/start-script.js';
import { commandDataDirectory, composeLocation, keptDataMount, contentSteps, describeStep, describeStepHere, removedLater, stepLocation, configuredDataMount, databaseOnServer, deploymentEvidence, developmentStack, disposablePathReason, disposableVolumeReason, imageName, keepsDataElsewhere, rootHomeMountUnused, keptData, movedDataDirectory, otherProgram, persistenceOn, statelessVolumeReason, throwAwayEvidence, volumeImageInfo, writtenMounts, type DevelopmentEvidence, type KeptData, type WrittenMount } from '../src/compose/query.js';
import { moveEntryFix, namedVolumeFix } from '../src/compose/edits.js';
import type { ComposeModel, ComposeService, ImageStep, ImageVolume, SourceLocation } from '../src/compose/types.js';

/**
 * Variables whose value is the directory the program writes its own files in, directly: PostgreSQL's
 * PGDATA (initdb creates the cluster's files, PG_VERSION, base/, global/, pg_wal/ …, in it; a
 * subdirectory named otherwise is not part of the cluster). A variable such as HOME, JENKINS_HOME or
 * the rabbitmq image's RABBITMQ_DATA_DIR that names the VOLUME itself says where the program lives,
 * not which of its subdirectories it writes: a mount below it (`/var/lib/rabbitmq/mnesia`, RabbitMQ's
 * database; `/var/jenkins_home/jobs`) may well be where the data goes.
 */
const DATA_DIRECTORY_VARIABLES: ReadonlySet<string> = new Set(['PGDATA']);

/**
 * Where the image keeps its data inside a VOLUME, when an environment variable says so: the
 * service's `environment:` first, else the image's ENV from the catalogue (PGDATA for postgres).
 * A path strictly inside the VOLUME counts (postgres 18: PGDATA=/var/lib/postgresql/18/docker under
 * VOLUME /var/lib/postgresql); the VOLUME path itself only for DATA_DIRECTORY_VARIABLES.
 */
function dataDirectory(service: ComposeService, volume: ImageVolume): { name: string; path: string; fromService: boolean } | null {
  const info = volumeImageInfo(service, volume);
  if (!info) return null;
  for (const [name, imageValue] of Object.entries(info.env)) {
    const own = service.environment.get(name);
    const value = own ?? imageValue;
    if (!value.startsWith('/') || !isWithin(normalizePath(value), volume.path)) continue;
    if (normalizePath(value) === volume.path && !DATA_DIRECTORY_VARIABLES.has(name)) continue;
    return { name, path: normalizePath(value), fromService: own !== undefined && own !== null };
  }
  return null;
}

/**
 * The VOLUME itself is the server's data directory, as the image's documentation says (the
 * catalogue's dataDirectories: MySQL's and MariaDB's /var/lib/mysql, mongod's /data/db), unless the
 * command gives the server another data directory (`--datadir`, `--dbpath`), below the VOLUME or elsewhere.
 */
function documentedDataDirectory(service: ComposeService, volume: ImageVolume): boolean {
  const info = volumeImageInfo(service, volume);
  return info?.dataDirectories?.paths.includes(volume.path) === true && commandDataDirectory(service, volume) === null;
}

/** A service that keeps its data in a data container's anonymous volumes, taken with one `volumes_from` entry. */
interface DataContainerUse {
  service: ComposeService;
  /** The service whose anonymous volumes it takes. */
  container: ComposeService;
  /** The `volumes_from` entry. */
  entry: SourceLocation;
  /** The service's own image VOLUMEs that hold its data, at the paths of those anonymous volumes. */
  volumes: ImageVolume[];
}

/**
 * The services that keep their data in a data container's anonymous volume: a `volumes_from` entry
 * takes, at the path of one of the service's own image VOLUMEs that holds its state (not scratch, not
 * stateless in its configuration), a volume the other service holds anonymously (its image VOLUME or
 * an entry without a source). `mysqldata: {image: mysql:8.0, command: /bin/true}` with
 * `mysql: {volumes_from: [mysqldata]}`: `down` removes mysqldata and its volume with it.
 * Not a client or setup job of the image, nor where the project throws that state away on purpose.
 */
function dataContainerFindings(model: ComposeModel): DataContainerUse[] {
  const byName = new Map(model.services.map((s) => [s.name, s]));
  const found: DataContainerUse[] = [];
  for (const service of model.services) {
    if (otherProgram(service) !== null || throwAwayEvidence(model, service) !== null) continue;
    const uses = new Map<string, DataContainerUse>();
    for (const mount of service.mounts) {
      if (mount.cover !== 'volumes-from' || mount.from?.kind !== 'service' || mount.target === null || mount.location === null) continue;
      const container = byName.get(mount.from.name);
      const origin = container?.mounts.find((m) => m.target === mount.target);
      if (!container || !origin || (origin.cover !== 'image-volume' && origin.cover !== 'anonymous-volume')) continue;
      const volume = service.imageVolumes.find((v) => v.path === mount.target);
      if (!volume || disposableVolumeReason(volume.path) !== null || statelessVolumeReason(service, volume, model.projectDir) !== null) continue;
      const use = uses.get(container.name);
      if (use) use.volumes.push(volume);
      else uses.set(container.name, { service, container, entry: mount.location, volumes: [volume] });
    }
    found.push(...uses.values());
  }
  return found;
}

export default defineRule({
  id: 'VOL022',
  name: 'compose-anonymous-volume',
  kind: 'compose',
  severity: 'warning',
  fixable: 'none',
  tags: ['compose', 'data-loss'],
  messages: {
    nested: 'Service {service} mounts {what} at {parentTarget}, but {path} below it is a VOLUME of {image}: Docker still mounts an anonymous volume at {path}, and what is written there never reaches {what}.',
    unmounted: 'Service {service} does not mount {paths}, {volumes} of {image}: Compose creates an anonymous volume there, re-attaches it on every recreate, and `down` leaves it behind.',
    unmountedKept: 'Service {service} does not mount {paths}, {volumes} of {image}, while the project keeps its data ({kept}): Compose creates an anonymous volume there, re-attaches it on every recreate, and `down` leaves it behind.',
    below: 'Service {service} mounts {what} at {target}, but {image} keeps its data at {variable}={data}, outside it: the data goes into the anonymous volume at {path}, and {what} stays empty.',
    belowRefused: 'Service {service} mounts {what} at {target}, but {image} keeps its data at {variable}={data}, outside it, and its entrypoint refuses to start a new database while {target} is a mount: the container stops at its first start.',
    movedUnmounted: 'Service {service} moves the data of {image} out of its VOLUME with {setting}, but mounts nothing at {data}: the data is kept in the container, and `down` or a recreate deletes it.',
    insideData: 'Service {service} mounts {what} at {target}, inside {path}, where {image} keeps its data files itself: they go into the anonymous volume at {path}, and {what} holds only a subdirectory of them.',
    homeUnused: 'Service {service} mounts {what} at {target}, which {image} does not use (it runs as {user}, not root): its data goes into the anonymous volume at {paths}, and {what} stays empty.',
    homeUnusedInContainer: 'Service {service} mounts {what} at {target}, which {image} does not use (it runs as {user}, not root): it keeps its data in {paths}, which no entry mounts, so `down` or a recreate deletes it, and {what} stays empty.',
    dataContainer: 'Service {service} keeps its data at {paths} in the anonymous volume of service {container}, taken with `volumes_from`: `docker compose down` removes {container}, and the next `up` starts {service} on a new, empty volume.',
  },
  docs: {
    summary: "An image VOLUME the service does not mount: the data goes into an anonymous volume that Compose keeps re-attaching.",
    why: "For every VOLUME of the image (its own Dockerfile's or the base image's) that no entry of the service mounts, Docker creates an anonymous volume named by a random hash. Compose carries it over when it recreates the container (`up` after a change, `--force-recreate`), so the data seems to persist, until someone runs `down -v`, `up -V` or `docker volume prune`, or moves the project: then it is gone, because nothing names it. `docker compose down` without `-v` leaves it behind, and every `docker compose run` makes another. A database without a named volume is the classic case: its data lives only in such a volume (reproduced with docker-compose 1.29 and dockerd 20.10: the anonymous volume survived `up --force-recreate` and was replaced, empty, by `up -V`).",
    reports: [
      "An image VOLUME when the service mounts nothing at or below it, and mounts none of the image's other VOLUMEs either; or, when the service mounts another of them, an image VOLUME where the service's own build puts files (`FROM odoo` with `COPY addons /mnt/extra-addons` and only /var/lib/odoo mounted): the anonymous volume there keeps the first image's files after every rebuild, which no choice of the author's explains.",
      "A service with `image:` alone is checked against the Dockerfile the repository builds that image from, where a service of the project (`build:` with `image:` of that name) or a GitHub workflow's docker/build-push-action says so explicitly; the explanation names that evidence (docs/compose.md, \"The project's own image\").",
      "A mount above the VOLUME path: it does not help, since Docker skips an image VOLUME only when a mount has exactly its path, so `postgresql:/var/lib/postgresql` over an image whose VOLUME is /var/lib/postgresql/data still leaves the data in an anonymous volume, on top of the named one.",
      "A mount below a VOLUME that is itself the server's data directory (the catalogue cites the image's documentation: the datadir /var/lib/mysql of MySQL and MariaDB, mongod's /data/db): the server keeps its files directly in that directory, so `db-data:/var/lib/mysql/data` holds one more schema directory while the databases go into the anonymous volume at /var/lib/mysql (unless the command gives the server that directory, `--datadir=/var/lib/mysql/data`).",
      "For the postgres image from 18 on, a mount at the old /var/lib/postgresql/data with PGDATA left at its default is reported as a container that does not start: the image's entrypoint stops with an error (\"in 18+, these Docker images are configured to store database data in a format which is compatible with pg_ctlcluster\") while that path is a mount and PGDATA holds no database (docker-library/postgres 18/trixie/docker-entrypoint.sh, cited by the catalogue's refusedMounts). pgautoupgrade/pgautoupgrade 18 has no such check: there the cluster goes into the anonymous volume.",
      "A command or environment that moves the server's data out of the VOLUME to a directory nothing mounts: the data is in the container's own file system; it survives a restart, but `down` and every recreate delete it, which is worse than the anonymous volume, and naming the VOLUME would not help. That is reported at the service with the mount that keeps it (not for a directory of throw-away state such as /tmp/pgdata, nor for a Redis whose command turns no persistence on, nor where the project throws the state away on purpose or keeps no data anywhere, see below).",
      "Where the project keeps data (another service's named volume, a bind of a data directory, or the service's own mount for data at the wrong place), a forgotten VOLUME is reported, and the message names the services that keep theirs: that is what makes it a mistake the maintainer acts on.",
      "A service whose command turns its server's persistence on and that mounts nothing at the VOLUME where the server writes it (redis-server `--appendonly yes` or `--save 60 1`, also inside a shell's command line such as `sh -c \"redis-server --appendonly yes …\"`, or `appendonly yes` in the configuration file the command names, bound from the project or copied there by the build; the command's options override the file's, as redis-server reads them): its author asked for the data to be kept, so it counts as keeping data (see What counts as keeping data), and the project is no throw-away stack.",
      {
        text: "A VOLUME no entry mounts, or a data directory moved to a path nothing mounts, in a project that keeps no data anywhere (otherwise taken for a throw-away stack, see below) but **looks deployed**; the explanation names the evidence, and the related location points at it:",
        items: [
          "a service rotates its log (`logging.options` with `max-size` or `max-file`): the json-file and local drivers keep a container's log on the host, where it grows as long as the container runs, which only a stack that runs for a long time needs to bound;",
          "a service sets what only a swarm reads (`deploy.placement`, `deploy.mode: global`, `deploy.update_config`, `deploy.rollback_config`) or joins a network of the overlay driver, which Docker creates only on a swarm (`docker stack deploy`);",
          "the header comment of a compose or override file of the project says the file is for self-hosting (\"To make it easier to self-host, we have a preset docker compose config …\"); not the word in an address, nor a sentence that sends the reader elsewhere for it or denies it (\"For self-hosting, see docs/install.md\").",
          "None of it counts in a development stack (a compose file of the project named or placed for development: `docker-compose.dev.yml`, a `development/`, `dev/` or `.devcontainer/` folder), which copies the deployment's settings, and evidence that the project throws its state away on purpose (below) still wins. `restart: always`, published ports, healthchecks and resource limits are no such evidence: the docker-library image pages' quick starts write `restart: always`, development stacks publish and check their databases too, and preview environments and CI memory tests cap their containers (`mem_limit`, `deploy.resources.limits`).",
        ],
      },
      "Evidence that the data is meant to be kept wins over the exceptions for state thrown away on purpose (below): a service that mounts a volume of its own for data (a named volume, a bind under /var/lib, /data …) is reported for a VOLUME it leaves anonymous whatever the stack, and so are a mount above the VOLUME and a mount below it that misses the data directory (postgres 18's layout).",
      "The findings that name a mount at the wrong place (above the VOLUME, below it where the data is elsewhere, inside a data directory) are reported whatever the project keeps, when that mount is one for data (a named volume, a bind of a data directory). A bind of the project's sources above a VOLUME of its image (`./app:/code/app` over VOLUME /code/app/media) is judged as a VOLUME no entry mounts: not reported in a throw-away stack or where the project throws its state away on purpose (below).",
      "A mount for data under root's home directory on a service that runs as another user (`pgadmin:/root/.pgadmin` on dpage/pgadmin4, which runs as 5050 and keeps its data in its VOLUME /var/lib/pgadmin; `./pgadmin:/root/.pgadmin`, a bind of a directory at a dot-directory of /root), while the image's VOLUME stays unmounted: root's home is mode 700 and not the program's, so the mount stays empty and the data goes into the anonymous volume, which `down` and the next `up` replace with a new, empty one (reproduced with docker-compose 1.29 and dockerd 20.10: the user 1000 could not list the volume in /root, a recreate kept the anonymous volume's data, `down` and `up` did not). Reported at that mount, naming the VOLUME as where it belongs, whatever else the project keeps; for an `image:` service the catalogue knows to declare no VOLUME but to keep its state in a directory (n8n 1.x, user node, /home/node/.n8n), the data stays in the container instead, and `down` or a recreate deletes it. Only where the user is known and is not root (`user:`, the Dockerfile's USER, the catalogue's), the container's environment neither makes /root the home nor names a path under it, the start command does not name it, and the build puts nothing there.",
      "A service that keeps its data in a **data container's anonymous volume**: it takes, with `volumes_from`, the volume another service of the project holds at the path of one of its own image's data VOLUMEs (`mysqldata: {image: mysql:8.0, command: /bin/true}` and `mysql: {volumes_from: [mysqldata]}`), and that volume is anonymous (the data container's image VOLUME, or an entry without a source). Compose keeps it over a recreate of the data container, but `docker compose down` removes the container, and the next `up` creates it again with a new, empty volume while the old one is left behind (reproduced with docker-compose 1.29 and dockerd 20.10). A data container is how its author asks for the data to be kept, so this is reported whatever else the project keeps (not where the project throws the state away on purpose, below). The finding points at the `volumes_from` entry.",
    ],
    notReported: [
      "A service that mounts one of the image's VOLUMEs: a service that names the data volume and leaves a secondary one anonymous made a choice (except for a VOLUME its build fills, above).",
      "A VOLUME that only holds what the deployer gives the container, as the base-image catalogue says (Confluent's /etc/kafka/secrets, /etc/zookeeper/secrets, /etc/schema-registry/secrets: keystores and credential files the security settings name): the program never writes it, so nothing is lost with the anonymous volume. compose-mountpoint-not-writable does not count it as a place the program writes either.",
      "A service whose volumes another service takes with `volumes_from` (a data container): the finding is on the service that keeps its data there (above), not on the container that holds the volume.",
      {
        text: "A VOLUME that holds data only in some configurations of the image, where the service runs another: a VOLUME is reported only where it holds the service's state. The base-image catalogue says when an image's VOLUME holds data only in some configurations, and the service's `environment:` and `command:` say which one runs:",
        items: [
          "the registry keeps images in /var/lib/registry only with the filesystem storage driver and its default root, so `REGISTRY_STORAGE=s3` or `REGISTRY_STORAGE_FILESYSTEM_ROOTDIRECTORY=/registry` leaves it empty;",
          "Redis writes snapshots to /data (started without a configuration file, as the official image does, it saves one after 3600 s and 1 change, 300 s and 100 changes, or 60 s and 10000 changes, and when it shuts down), but a Redis used as a cache or queue needs none of them, and the image's documentation presents persistence as something to turn on (`redis-server --save 60 1`, \"start with persistent storage\"); so /data counts only when the command, or the configuration file it names, turns persistence on (`--appendonly yes`, `--save 60 1`; not `--appendonly no` or `--save \"\"`), or the service mounts a volume for data elsewhere, which shows it means to keep data.",
        ],
      },
      "A VOLUME the service's command moves the server's data out of (mongod `--dbpath /srv/mongo`, redis-server `--dir`, mysqld or mariadbd `--datadir`), or its environment does so through the variable the server reads its data directory from (PostgreSQL's PGDATA: the postgres image's entrypoint runs initdb and the server in `$PGDATA`, so `PGDATA: /data/postgres` with `pg:/data/postgres` keeps the cluster in that volume; `environment:` or an `env_file:` of the service, `environment:` winning): that VOLUME stays empty. When a mount of the service holds the new directory, the service keeps its data there and its other VOLUMEs are left alone too.",
      {
        text: "The VOLUMEs of a service whose program's own configuration file moves its data into a mount: a setting naming a data directory (`work_dir = /data`, `dbPath: /srv/db`, `datadir=`; a name ending in dir, path, root, home or data, not a log, pid or certificate setting) that a mount of the service holds, with no such setting inside an image VOLUME, means the service keeps its data in that mount. volint reads:",
        items: [
          "a file the start command names by its path (`CMD [\"/ssdb/ssdb-server\", \"/ssdb/ssdb.conf\"]`) where a COPY from the build context puts it, in the build context;",
          "a configuration file the service binds from the project (`./turnserver.conf:/etc/turnserver.conf:ro`, a file named like configuration: .conf, .cnf, .cfg, .ini, .toml, .yaml, .properties), on the disk.",
        ],
      },
      "A VOLUME the Dockerfile names as the program's database directory (a RUN passes it as an option such as `./configure --turndbdir=/var/lib/coturn`) when such a configuration file keeps the program's database on a server (`mysql-userdb=\"host=mysql dbname=coturn\"`, `database_url: postgres://app@db/app`: a setting named for a database whose value connects to a host other than the container itself): the program never writes the VOLUME. Either alone says nothing of the VOLUME: an application may keep its database on a server and its uploads in the VOLUME.",
      {
        text: "A container that runs another program than the image's server: it never writes the VOLUMEs.",
        items: [
          "For an `image:` service: an entrypoint or command such as `redis-cli ping` or `bash /scripts/setup.sh`, where the catalogue names the server.",
          "For a service built FROM such an image (every VOLUME of the image its base's): the start command its Dockerfile and the service give (`ENTRYPOINT`/`CMD`, `entrypoint:`/`command:`) when it names no server and runs a program the base image or a package brings (`CMD [\"pg_dump\", …]`, `CMD [\"cron\", \"-f\"]` through the base image's entrypoint, which runs any command that is not the server), or a script copied from the build context that volint reads and that names no server or program that starts one (pg_ctl, mysqld_safe), no entrypoint script, no other script and no process supervisor (a backup job's `ENTRYPOINT [\"/entrypoint.sh\"]` ending in `exec \"$@\"`, with `CMD [\"cron\", \"-f\"]`).",
          "Still reported: a script volint cannot read (made by a RUN, not copied from the context), a process supervisor (supervisord, s6) or a start command that is empty or only options (the base image's server runs).",
        ],
      },
      {
        text: "A VOLUME that holds only throw-away state:",
        items: [
          "scratch space (/tmp, /var/tmp, a directory named tmp);",
          "a cache (below /var/cache, which the FHS says can be deleted without data loss, or a directory named cache);",
          "login sessions (a directory named sessions, such as phpMyAdmin's `VOLUME /sessions`: losing them signs the users out, nothing more).",
        ],
      },
      "A service written to run as several replicas (`deploy.replicas` or `scale` above 1, or ports published without a host port, as for `up --scale`): each replica needs its own volume, which an anonymous volume is and a named one would not be.",
      {
        text: "A VOLUME no entry mounts, where the project says it throws that state away on purpose (whether the data must be kept is the maintainer's call, and volint takes it from evidence in the project, never from the project's name):",
        items: [
          "a compose file of the project is named for Play with Docker (a word `pwd` of its name: `pwd.yml`, `pwd-stack.yml`, `docker-compose.pwd.yml`), the file a README's \"Try in PWD\" button deploys on a playground that deletes the session, with every volume in it, after four hours: no volume keeps anything there, so this holds even where the service mounts a volume of its own (a mount at the wrong place is still reported). A button pointing at the project's own compose file is no such word (dashy's docker-compose.yml is its self-hosting file too), and volint does not read READMEs;",
          "the service's command gives up durability (PostgreSQL `-c fsync=off`, mongod `--nojournal`): a crash may then corrupt the data, which no one keeping it accepts;",
          "a compose file of the project is named for a test or CI run (`docker-compose.test.yml`, `compose.ci.yaml`), or lies in a folder of the tests or of the CI's files, its own folder, by the folder's whole name (`tests/`, `test/`, `testing/`, `e2e/`, `integration-tests/`, `.github/`; not `ci/`, where a CI server's own deployment may live, nor `ab-test-service/`): each run starts from empty databases, and an anonymous volume removed with the run is what the tests want;",
          "a service of the project that a plain `docker compose up` starts (no `profiles:`) runs the project's tests: it is built from a Dockerfile named for tests (`Dockerfile.test`), it runs an image whose only program runs tests or a load test (`grafana/k6`, `cypress/included`, `postman/newman`, `locustio/locust`: grafana/intro-to-mltp starts a k6 load test beside its demonstration application), or a command of its start command line runs a test runner (`pytest`, `bundle exec rspec`), a build tool's subcommand named for tests (`go test`, `npm run test:e2e`, `make e2e`; not `npm ci`, which installs) or a script named for tests (`./scripts/test_unit.sh`). The file is then a test stack, as one named for a test run is, and the servers beside that service are its fixtures, also where another of them names its volume (a test cluster's);",
          "the project says so in its own words: a sentence of the header comment of a compose or override file of the project, or of the comment block right above the service's key, restricts the file or the service to development, tests, CI or demos (`FOR TEST AND DEVELOPMENT ONLY, DO NOT USE IN PRODUCTION`, `This configuration file is for the development setup`, `This is only intended for testing …`, `compose file for local development`, `Test-only override`). A comment that merely mentions development or production is no such statement: `# for production, change the password`, a token that `should not be used in production`, a setting `recommended only for development`, `not intended for production use without first …`;",
          "the service is named for tests (a word test, tests, testing, ci or e2e of its name, or test joined to a database word: `pgtest`, `db-test`, `test_db`) beside a service of the same image that keeps its data in a mount: the author keeps one database and leaves the test one to be recreated;",
          "a service the project builds (`build:`) depends on (`depends_on`, `links`) databases of two or more SQL engines (PostgreSQL, MySQL, MariaDB): an application keeps its data in one database, and one wired to several side by side is run against each database it supports, which is what a development or test stack does. Not a service that only runs an image (an administration tool such as adminer, which a deployment may wire to every database it has);",
          "another database of the project runs on a tmpfs or with durability off: the project treats its databases as scratch;",
          "the service's only sign of keeping data is its persistence setting (`--appendonly yes`), in a development stack (a compose file of the project named or placed for development: `docker-compose.dev.yml`, a `development/`, `dev/` or `.devcontainer/` folder): such a stack copies its servers' configuration, and its developers name a volume when they mean to keep data.",
        ],
      },
      {
        text: "A VOLUME no entry mounts in **a development stack**, where the service shows no intent of its own to keep data there: it mounts no volume of its own for data (a named volume, a bind of a data directory) and its command turns no persistence on. The project is a development stack when (src/compose/query.ts developmentStack; `volint model` shows it as `development stack:`, docs/compose.md, Development stacks):",
        items: [
          "a compose or override file of the project is named or placed for development (`docker-compose.dev.yml`, a `development/`, `dev/` or `.devcontainer/` folder), named for a test or CI run (`docker-compose.test.yml`) or placed in a folder of the tests (`tests/`), or named for Play with Docker (`docker-compose.pwd.yml`);",
          "a service started by a plain `up` runs the project's tests (see above), or the header comment of a compose or override file restricts it to development, tests, CI or demos;",
          "a service built from a context on the disk binds the project's source tree over its application directory: the build context (`.:/app` over `COPY . .`, or over a `COPY --from` of a stage that copied the context there) or the directory of the context that a COPY brings to the mount point (`./src:/app/src` over `COPY src /app/src`).",
          "In a development stack also a VOLUME of the service's own Dockerfile that nothing of the image uses, beside the service's own mount for data: no step of the build puts files there, the start script volint reads (a shell script copied from the build context), the start command and the container's environment never name the path, and that start script names the service's mount for data. A development Dockerfile kept the line from the deployed one (held-out set 10: koillection's Dockerfile.dev declares `VOLUME /uploads`, which only the deployed image's start script links the uploads directory to; the development start script chowns the bound public/uploads, where the program keeps its uploads, judged not worth it). Where the start script, the command or the environment names the VOLUME, it is reported as before.",
          "Measured: over every judged finding of held-out sets 8 and 9 and the corpus, VOL022 omissions in development, test and demo files, with the findings only `--compose-deployed` brings, were 0 real of 25, while the findings where the author's own mount defeats it (postgres 18's old path, a mount above the VOLUME, a data container, a VOLUME left out beside the service's own data mount, a database left out in a deployment file) were 44 real, 1 wrong, 0 not worth it: those are still reported in a development stack (the mount below, above or inside, the data container, the moved data directory, and a VOLUME left out by a service that mounts its own data elsewhere or turns persistence on). Predicted on held-out set 10 before its verdicts were read: 18 of 18 findings dropped were not worth it. `compose.deployed` reports them again, and the explanation names the development stack evidence.",
        ],
      },
      "A VOLUME no entry mounts, or a data directory moved to a path nothing mounts, in **a project that keeps no data anywhere, taken for a throw-away stack**: no service of the project (all its merged compose files) mounts a named volume or binds a host directory for data, or turns its server's persistence on (see What counts as keeping data). A database seeded from the project's scripts (a bind into /docker-entrypoint-initdb.d, which the official postgres, mysql, mariadb and mongo images run whenever they start on an empty data directory) in such a project is set up again on every fresh start. That is how quick starts, demos, tutorials, test and development stacks are written (the docker-library image pages' examples, a database beside the code it serves), and their authors leave the database to an anonymous volume on purpose. Unless the project looks deployed (see above); `compose.deployed` (below) turns this off.",
    ],
    sections: [
      {
        title: "What counts as keeping data",
        items: [
          {
            text: "A named volume, unless:",
            items: [
              "it only masks a directory inside a bind of the service (`notused:/app/node_modules` under `.:/app`);",
              "or it holds credentials, sockets, a cache or scratch by its path or its name: a word cert, certs, ssl, tls, pki, letsencrypt, acme, key, keys, keypair, keystore, truststore, secret, secrets, ssh, gnupg, sock or socket in the path or the volume's name (`dind-socket:/dind`); below /run, /var/run, /tmp, /var/tmp, /dev, /proc or /sys; a directory named cache, tmp or sessions; or the directory of a unix socket the service's environment names (`DOCKER_HOST: unix:///dind/docker.sock`).",
            ],
          },
          {
            text: "A bind, only where its path says it holds data, since most binds bring the project's code or configuration: a writable directory at a path where data lives, or whose host or container path names data.",
            items: [
              "Not a file such as `./nginx.conf` or `config.js`, not the project directory or a parent of it, not over files the build copied from the build context, which are code, not under /etc or the entrypoint directories, which are given to the container.",
              "A path where data lives: under /var/lib, /data, /srv, /var/db or /var/opt; at, above or inside an image VOLUME of the service or its catalogue data directory.",
              "A path that names data: a word containing data, or db, database, storage, uploads (`./data`, `./pgdata`, `/opt/data/redis`).",
            ],
          },
          "Not a mount named for SQLite (`app-sqlite:/var/lib/sqlite`) on a service whose environment keeps its database on a server and names no path in the mount: a variable named for the database (`DSN`, `DATABASE_URL`) whose value is a database server's URL to another host (`DSN=postgres://app:secret@postgres/app`; not a `sqlite://` URL, nor an error reporter's https DSN). That is what an override switching a quick start's database to PostgreSQL leaves behind: the program writes no SQLite file there, so the volume is no sign that the project keeps data.",
          "A service whose command (or the configuration file the command names) turns its server's persistence on, where the catalogue says the VOLUME holds the server's state only then (Redis: `--appendonly yes`, `--save 60 1`): it mounts nothing, but its author asked for the data to be kept. Not in a development stack (a compose file named or placed for development), which copies its servers' configuration.",
          "Read-only mounts, tmpfs, anonymous volumes and `volumes_from` keep none.",
        ],
      },
      {
        title: "What this leaves out",
        items: [
          "A deployment written without any volume at all (a database and its application, nothing kept) and without log rotation, swarm settings or a self-hosting header looks exactly like a quick start and is not reported, although `docker compose down -v`, `up -V` or a `docker volume prune` loses its data.",
          "Nor is a project that keeps its data only in anonymous volumes it writes itself (`- /var/www/html/uploads`).",
          "On the independent review's compose sets, such files were real problems about a sixth of the time (12 of 73 findings: awesome-compose samples, a shop sample, a mongo replica set, a Concourse quick start, a self-hosting preset; against the docker-library quick starts, demo networks, preview, course, test and development stacks). The deployment evidence above brings back 3 of the 12 and none of the 61 others; the other 9 carry nothing in their files that the quick starts lack (docs/compose.md, Throw-away stacks, has the measurements). If you deploy such compose files as they are, turn the default off with `compose.deployed` (see Configuration).",
        ],
      },
    ],
    options: [
      {
        setting: "compose.deployed",
        flag: "--compose-deployed",
        editor: "volint.compose.deployed",
        effect: "`true` (`compose: { deployed: true }`, also in an `overrides` entry for a folder of compose files) says the compose files are deployed as they are: a project that keeps no data is no longer taken for a throw-away stack, nor a project with development stack evidence for a development stack, and a VOLUME no entry mounts there is reported as in any other project (the explanation says the configuration asked for it).",
      },
    ],
    bad: 'services:\n  app:\n    image: ghcr.io/example/shop:1.4\n    volumes:\n      - uploads:/srv/shop/uploads\n  db:\n    image: postgres:16\nvolumes:\n  uploads:\n',
    good: 'services:\n  app:\n    image: ghcr.io/example/shop:1.4\n    volumes:\n      - uploads:/srv/shop/uploads\n  db:\n    image: postgres:16\n    volumes:\n      - pgdata:/var/lib/postgresql/data\nvolumes:\n  uploads:\n  pgdata:\n',
    fix: 'Mount a named volume at the path (`pgdata:/var/lib/postgresql/data` with `pgdata:` under the top-level `volumes:`) so the data has a name and survives `up -V`; for scratch data that need not survive, mount a tmpfs there instead. Findings carry this edit as a suggestion (a code action in the editor): the named volume for a VOLUME no entry mounts, or the entry moved to the VOLUME path for a mount above or below it. Where the service\'s build puts files at the VOLUME (`COPY . .` over a plugins directory declared a VOLUME), a volume there, anonymous or named, is seeded with them once and keeps the first image\'s files (compose-volume-freezes-image-content): naming it is no fix, so the finding says to take the files out of the VOLUME (remove the VOLUME line, or copy them to a path outside a base image\'s VOLUME) and to run `docker compose up -V` after a rebuild until then, and offers no named volume.',
    references: [REFERENCES.storageVolumes, REFERENCES.composeRenew, 'https://docs.docker.com/reference/cli/docker/compose/down/'],
  },
  check(model, context) {
    // The mounts by which the project keeps data: none, and the project is a throw-away stack unless the user says it is deployed.
    const kept = keptData(model);
    // A project that keeps nothing is a throw-away stack, unless it looks deployed (or the user says it is).
    const deployed = kept.length === 0 && !model.deployed ? deploymentEvidence(model) : null;
    const throwAwayStack = kept.length === 0 && !model.deployed && deployed === null;
    // The project's development or test stack evidence (src/compose/query.ts developmentStack).
    const development = developmentStack(model);
    // Services whose volumes another service takes with volumes_from: the data-container pattern. The finding, if any,
    // is on the service that keeps its data in the container's anonymous volume (dataContainerFindings).
    const dataContainers = new Set(model.services.flatMap((s) => s.volumesFrom.filter((f) => f.kind === 'service').map((f) => f.name)));
    for (const found of dataContainerFindings(model)) {
      const { service, container, entry, volumes } = found;
      const paths = volumes.map((v) => v.path).join(', ');
      const own = volumes.every((v) => v.origin === 'dockerfile');
      context.report({
        range: entry.range,
        file: entry.file,
        messageId: 'dataContainer',
        data: { service: service.name, paths, container: container.name },
        explanation: [
          `${imageName(service)} declares VOLUME ${paths}${!own && volumes[0]!.knowledge ? ` (${volumes[0]!.knowledge})` : ''} for its data; service ${service.name} takes the volume${volumes.length > 1 ? 's' : ''} there from service ${container.name} with \`volumes_from\`, and ${container.name} holds ${volumes.length > 1 ? 'them' : 'it'} in an anonymous volume (its image's VOLUME, or an entry without a source): a data container.`,
          `Compose keeps that volume when it recreates ${container.name}, but \`docker compose down\` removes the container, and the next \`up\` creates ${container.name} again with a new, empty anonymous volume: ${service.name} starts on an empty data directory, and the old volume is left behind, named by a random hash (\`up -V\`, \`down -v\` and \`docker volume prune\` remove it too).`,
          `Fix: mount a named volume at ${volumes[0]!.path} in service ${service.name} (\`- ${service.name}-data:${volumes[0]!.path}\` and \`${service.name}-data:\` under the top-level \`volumes:\`) instead of \`volumes_from: [${container.name}]\`; a data container is no longer needed for that.`,
        ],
        related: [
          composeLocation(container.location, `service ${container.name} holds the anonymous volume`),
          ...volumes.flatMap((v) => (v.site ? [composeLocation(v.site, v.origin === 'dockerfile' ? `VOLUME ${v.path} is declared here` : `the base image declares VOLUME ${v.path}`)] : [])),
        ],
        confidence: own ? 'certain' : 'likely',
      });
    }
    for (const service of model.services) {
      if (dataContainers.has(service.name)) continue;
      // A client or a setup script run with the image (`redis-cli`, `bash /scripts/setup.sh`): nothing writes its VOLUMEs.
      if (otherProgram(service) !== null) continue;
      const written = writtenMounts(service);
      const volumesFrom = service.mounts.filter((m) => m.cover === 'volumes-from');
      // The service names one of the image's volumes: the others were left anonymous on purpose, except those where
      // its own build puts files (`FROM odoo` with `COPY addons /mnt/extra-addons` and a volume at /var/lib/odoo):
      // the anonymous volume there keeps the first image's files, which no choice of the author's explains.
      const seededOnly = service.imageVolumes.some((v) => v.mountedBy !== null) ? service.imageVolumes.filter((v) => v.mountedBy === null && imageFilesAt(service, v).length > 0) : null;
      if (seededOnly !== null && seededOnly.length === 0) continue;
      // The command moves the server's data out of its VOLUME (`--dbpath /srv/mongo`): that VOLUME stays empty. When a
      // mount of the service holds the new place, the service keeps its data there, and left the other VOLUMEs anonymous on purpose.
      // The same for the environment (`PGDATA: /data/postgres`: the postgres image runs initdb and the server in "$PGDATA").
      const moved = new Set(service.imageVolumes.filter((v) => movedDataDirectory(service, v) !== null));
      const held = (path: string): boolean => [...written, ...volumesFrom].some((m) => m.target !== null && isWithin(path, m.target));
      if ([...moved].some((v) => held(movedDataDirectory(service, v)!.path))) continue;
      // Moved to a path nothing mounts: the data is in the container's own file system, lost with the container.
      const lost = [...moved].map((volume) => ({ volume, to: movedDataDirectory(service, volume)! })).find(({ volume, to }) => disposablePathReason(to.path) === null && statelessVolumeReason(service, volume, model.projectDir) === null);
      if (lost && seededOnly === null && service.replicas === null && throwAwayEvidence(model, service) === null) {
        // A project that keeps no data anywhere is a throw-away stack (below): data kept in the container is its author's choice there too.
        if (throwAwayStack) continue;
        const { volume, to } = lost;
        const setting = to.option.startsWith('-') ? `its command's \`${to.option} ${to.path}\`` : `${to.option}=${to.path} in its environment`;
        context.report({
          range: service.location.range,
          file: service.location.file,
          messageId: 'movedUnmounted',
          data: { service: service.name, image: imageName(service), setting, data: to.path },
          explanation: [
            `${imageName(service)} declares VOLUME ${volume.path}${volume.knowledge ? ` (${volume.knowledge})` : ''} for its server's data; service ${service.name} moves that data to ${to.path} with ${setting}, and no entry of the service mounts ${to.path} or a directory above it.`,
            `So the server writes its data into the container's own file system: it survives a restart of the same container, but \`docker compose down\` removes it, and so does every recreate (\`up\` after a change of the service or a new image, \`up --force-recreate\`). The anonymous volume Docker still mounts at ${volume.path} stays empty, so naming it would not help.`,
            ...(deployed ? [looksDeployed(deployed)] : []),
            `Fix: mount a named volume at ${to.path} (\`- ${service.name}-data:${to.path}\` and \`${service.name}-data:\` under the top-level \`volumes:\`).`,
          ],
          related: [...(volume.site ? [composeLocation(volume.site, `the base image declares VOLUME ${volume.path}`)] : []), ...(deployed ? [composeLocation(deployed.location, 'the project looks deployed')] : [])],
          confidence: 'likely',
          suggestions: optional(namedVolumeFix(model, service, [to.path])),
        });
        continue;
      }
      // The build names the VOLUME as the program's database directory, and its configuration keeps the database on a server: it stays empty.
      for (const volume of service.imageVolumes) if (databaseOnServer(service, volume) !== null) moved.add(volume);
      // The program's own configuration file (copied by the build, named by the start command) keeps its data in a
      // directory a mount of the service holds, and names no directory inside an image VOLUME: those stay empty.
      if (configuredDataMount(service, written) !== null) continue;
      // A mount at or below the VOLUME path: the author mounts what they mean to keep there.
      // A VOLUME that holds no state of this service (the registry's storage driver is not the file system,
      // a Redis without persistence turned on): nothing there is lost, whatever mounts it.
      const unmounted = service.imageVolumes.filter(
        (volume) =>
          (seededOnly === null || seededOnly.includes(volume)) &&
          disposableVolumeReason(volume.path) === null &&
          !moved.has(volume) &&
          ![...written, ...volumesFrom].some((m) => m.target !== null && isWithin(m.target, volume.path)) &&
          statelessVolumeReason(service, volume, model.projectDir) === null,
      );
      // A mount below the VOLUME path covers it only where the image keeps its data there: postgres 18 declares
      // VOLUME /var/lib/postgresql and keeps PGDATA in /var/lib/postgresql/18/docker, so the old mount at
      // /var/lib/postgresql/data holds nothing while the database goes into the anonymous volume.
      for (const volume of seededOnly === null ? service.imageVolumes : []) {
        if (disposableVolumeReason(volume.path) !== null || statelessVolumeReason(service, volume, model.projectDir) !== null) continue;
        const below = written.filter((m) => m.target !== volume.path && isWithin(m.target, volume.path));
        if (below.length === 0) continue;
        const data = dataDirectory(service, volume);
        const mount = below[0]!;
        const what = mount.cover === 'bind' ? `the host path ${writtenSource(model, mount) ?? mount.sourceRaw ?? mount.hostPath ?? ''}` : mount.cover === 'named-volume' ? `volume ${mount.volumeKey}` : `a ${mount.cover.replace('-', ' ')}`;
        // MySQL's datadir is /var/lib/mysql itself: `db-data:/var/lib/mysql/data` holds one subdirectory (a schema named `data`).
        if (!data && documentedDataDirectory(service, volume)) {
          const source = volumeImageInfo(service, volume)?.dataDirectories?.source ?? '';
          context.report({
            range: mount.location.range,
            file: mount.location.file,
            messageId: 'insideData',
            data: { service: service.name, what, target: mount.target, path: volume.path, image: imageName(service) },
            explanation: [
              `${imageName(service)} declares VOLUME ${volume.path}${volume.knowledge ? ` (${volume.knowledge})` : ''}, and its server keeps its data files in ${volume.path} itself, its data directory (${source}); service ${service.name} mounts ${what} at ${mount.target}, below it, and nothing at ${volume.path}.`,
              `Docker mounts an anonymous volume at ${volume.path} and ${what} on top of it at ${mount.target}: the server's files go into the anonymous volume, which Compose re-attaches on recreate and \`up -V\`, \`down -v\` or \`docker volume prune\` throws away, while ${what} holds only what is written under ${mount.target} (to the server, one more subdirectory of its data directory).`,
              `Fix: mount ${what} at ${volume.path} itself.`,
            ],
            related: volume.site ? [composeLocation(volume.site, `the base image declares VOLUME ${volume.path}`)] : [],
            confidence: 'likely',
            suggestions: optional(moveEntryFix(model, mount, volume.path)),
          });
          continue;
        }
        if (!data || written.some((m) => isWithin(data.path, m.target))) continue;
        // postgres 18+: the entrypoint checks for a mount at the old path and stops, where PGDATA is its default.
        const refused = volumeImageInfo(service, volume)?.refusedMounts;
        if (refused && refused.paths.includes(mount.target) && !data.fromService) {
          context.report({
            range: mount.location.range,
            file: mount.location.file,
            messageId: 'belowRefused',
            data: { service: service.name, what, target: mount.target, image: imageName(service), variable: data.name, data: data.path },
            explanation: [
              `${imageName(service)} declares VOLUME ${volume.path}${volume.knowledge ? ` (${volume.knowledge})` : ''} and keeps its data at ${data.name}=${data.path} (the image's ENV); service ${service.name} mounts ${what} at ${mount.target}, which does not contain it.`,
              `The image expects this mistake: ${refused.why} (${refused.source}). If ${what} already holds a database, an older major release made it, and the new server cannot open it without pg_upgrade.`,
              `Fix: mount ${what} at ${volume.path} (the image's VOLUME); to keep a database of an older release, upgrade it first (pg_upgrade, or an image made for it such as pgautoupgrade/pgautoupgrade).`,
            ],
            related: volume.site ? [composeLocation(volume.site, `the base image declares VOLUME ${volume.path}`)] : [],
            confidence: 'likely',
            suggestions: optional(moveEntryFix(model, mount, volume.path)),
          });
          continue;
        }
        context.report({
          range: mount.location.range,
          file: mount.location.file,
          messageId: 'below',
          data: { service: service.name, what, target: mount.target, path: volume.path, image: imageName(service), variable: data.name, data: data.path },
          explanation: [
            `${imageName(service)} declares VOLUME ${volume.path}${volume.knowledge ? ` (${volume.knowledge})` : ''} and keeps its data at ${data.name}=${data.path}${data.fromService ? " (the service's `environment:`)" : ' (the image\'s ENV)'}; service ${service.name} mounts ${what} at ${mount.target}, which does not contain it.`,
            `So the data goes into the anonymous volume Docker mounts at ${volume.path}: Compose re-attaches it on recreate, \`up -V\` or \`down -v\` throws it away, and ${what} stays empty.`,
            `Fix: mount ${what} at ${volume.path} (the image's VOLUME), or set ${data.name} to a path inside ${mount.target}.`,
          ],
          related: volume.site ? [composeLocation(volume.site, `the base image declares VOLUME ${volume.path}`)] : [],
          confidence: 'likely',
          suggestions: optional(moveEntryFix(model, mount, volume.path)),
        });
      }
      // A mount for data under root's home on a service that runs as another user (`pgadmin:/root/.pgadmin` on
      // dpage/pgadmin4, user 5050): the program keeps nothing there, its data goes to the VOLUME it left anonymous,
      // or, for a catalogue image without a VOLUME, to its state directory in the container (n8n's /home/node/.n8n).
      const astray = service.replicas === null ? written.find((m) => rootHomeMountUnused(service, m) !== null) : undefined;
      const misplaced = astray ? unmounted.filter((v) => !written.some((m) => isWithin(v.path, m.target)) && imageFilesAt(service, v).length === 0) : [];
      const layerState =
        astray && misplaced.length === 0 && service.image.kind === 'catalog' && service.image.info.volumes.length === 0 && service.image.info.stateDirectories
          ? service.image.info.stateDirectories.paths.filter((path) => ![...written, ...volumesFrom].some((m) => m.target !== null && (isWithin(path, m.target) || isWithin(m.target, path))))
          : [];
      if (astray && (misplaced.length > 0 || layerState.length > 0)) {
        const what = astray.cover === 'bind' ? `the host path ${writtenSource(model, astray) ?? astray.sourceRaw ?? astray.hostPath ?? ''}` : `volume ${astray.volumeKey}`;
        const user = rootHomeMountUnused(service, astray)!;
        const userSource =
          service.user.source === 'compose' ? 'its `user:`' : service.image.kind === 'catalog' ? `the image's USER, ${service.image.info.source}` : "the Dockerfile's USER";
        const paths = (misplaced.length > 0 ? misplaced.map((v) => v.path) : layerState).join(', ');
        const first = misplaced.length > 0 ? misplaced[0]!.path : layerState[0]!;
        const stateSource = service.image.kind === 'catalog' ? service.image.info.stateDirectories?.source ?? service.image.info.source : '';
        const knowledge = [...new Set(misplaced.filter((v) => v.origin !== 'dockerfile' && v.knowledge).map((v) => v.knowledge!))];
        const related: RelatedLocation[] = misplaced.flatMap((v) => (v.site ? [composeLocation(v.site, v.origin === 'dockerfile' ? `VOLUME ${v.path} is declared here` : `the base image declares VOLUME ${v.path}`)] : []));
        if (service.user.location) related.push(composeLocation(service.user.location, `the container runs as ${user}`));
        context.report({
          range: astray.location.range,
          file: astray.location.file,
          messageId: misplaced.length > 0 ? 'homeUnused' : 'homeUnusedInContainer',
          data: { service: service.name, what, target: astray.target, image: imageName(service), user, paths },
          explanation: [
            misplaced.length > 0
              ? `${imageName(service)} runs as ${user} (${userSource}) and declares VOLUME ${paths}${knowledge.length > 0 ? ` (${knowledge.join('; ')})` : ''}; service ${service.name} mounts ${what} at ${astray.target}, under root's home directory, and nothing at ${paths}.`
              : `${imageName(service)} runs as ${user} (${userSource}) and keeps its state in ${paths} (${stateSource}), which it declares no VOLUME for; service ${service.name} mounts ${what} at ${astray.target}, under root's home directory, and nothing at ${paths}.`,
            `/root is root's home directory (mode 700 in the usual base images), not the home of a process running as ${user}: nothing in the image, the container's environment or its command points there, so the program writes nothing to ${what}. The mount looks meant for the program's data, at a path it does not use (an old image's, or one that ran as root).`,
            misplaced.length > 0
              ? `The data goes into the anonymous volume Docker mounts at ${paths}: Compose re-attaches it when it recreates the container, but \`docker compose down\` and the next \`up\` start a new container on a new, empty one (the old one is left behind, named by a random hash), and \`up -V\` or \`down -v\` throws it away.`
              : `So the data stays in the container's own file system: it survives a restart of the same container, but \`docker compose down\` removes it, and so does every recreate (\`up\` after a change of the service or a new image, \`up --force-recreate\`).`,
            `Fix: mount ${what} at ${first} instead of ${astray.target}.`,
          ],
          related,
          confidence: 'likely',
          suggestions: optional(moveEntryFix(model, astray, first)),
        });
        unmounted.splice(0, unmounted.length, ...unmounted.filter((v) => !misplaced.includes(v)));
      }
      if (unmounted.length === 0) continue;
      // A mount above the VOLUME path does not stop Docker from mounting an anonymous volume at it (only a mount at the same path does).
      const nested = unmounted
        .map((volume) => ({ volume, parent: written.find((m) => isWithin(volume.path, m.target)) }))
        .filter((n): n is { volume: ImageVolume; parent: WrittenMount } => n.parent !== undefined);
      // Judged as the VOLUMEs no entry mounts are (below): not where the project throws its state away on purpose, nor
      // in a throw-away stack. A mount above that keeps data makes the project keep data, so that case is always reported;
      // a bind of the project's sources over its code in a stack that keeps nothing is not (wagtail's bakerydemo).
      const nestedReported = throwAwayStack || throwAwayEvidence(model, service) !== null ? [] : nested;
      for (const { volume, parent } of nestedReported) {
        const own = volume.origin === 'dockerfile';
        const what = parent.cover === 'bind' ? `the host path ${parent.sourceRaw ?? parent.hostPath ?? ''}` : parent.cover === 'named-volume' ? `volume ${parent.volumeKey}` : `a ${parent.cover.replace('-', ' ')}`;
        context.report({
          range: parent.location.range,
          file: parent.location.file,
          messageId: 'nested',
          data: { service: service.name, what, parentTarget: parent.target, path: volume.path, image: imageName(service) },
          explanation: [
            `${imageName(service)} declares VOLUME ${volume.path}${!own && volume.knowledge ? ` (${volume.knowledge})` : ''}; service ${service.name} mounts ${what} at ${parent.target}, above it, and nothing at ${volume.path} itself.`,
            `Docker skips an image VOLUME only when a mount has exactly its path, so the container also gets an anonymous volume at ${volume.path}, on top of ${what}: everything written under ${volume.path} goes into that anonymous volume, which Compose re-attaches on recreate and \`up -V\` or \`down -v\` throws away, while ${what} never sees it.`,
            `Fix: mount ${what} at ${volume.path} itself.`,
          ],
          related: volume.site ? [composeLocation(volume.site, own ? `VOLUME ${volume.path} is declared here` : `the base image declares VOLUME ${volume.path}`)] : [],
          confidence: own ? 'certain' : 'likely',
          suggestions: optional(moveEntryFix(model, parent, volume.path)),
        });
      }
      const plain = unmounted.filter((volume) => !nested.some((n) => n.volume === volume));
      // A service run as several replicas needs one volume per replica: an anonymous volume is that, a named one would be shared.
      if (plain.length === 0 || service.replicas !== null) continue;
      // The project throws this state away on purpose (durability off, a test or CI run, its other databases on tmpfs).
      if (throwAwayEvidence(model, service) !== null) continue;
      // A project that keeps no data anywhere is written as a throw-away stack (a quick start, a demo, a development
      // database): its anonymous volumes are its author's choice, unless it looks deployed or the user says it is.
      if (throwAwayStack) continue;
      // In a development stack a VOLUME left out by a service that shows no intent of its own to keep data (no mount
      // of its own for data, no persistence turned on by its command) is its developers' choice (0 real in 25 judged),
      // unless the user says the compose files are deployed as written.
      const ownIntent = keepsDataElsewhere(service, model.projectDir) || persistenceOn(service) !== null;
      if (development !== null && !ownIntent && !model.deployed) continue;
      // In a development stack, a VOLUME of the service's own Dockerfile that nothing of the image names (no step puts
      // files there, its start script, command and environment never name it) while that start script names the
      // service's own mount for data is a line the development Dockerfile kept from the deployed one: the program
      // keeps its data in the mount, and the anonymous volume stays empty.
      const leftovers = development !== null && !model.deployed ? plain.filter((volume) => leftoverVolume(service, volume, model.projectDir)) : [];
      if (leftovers.length === plain.length) continue;
      if (leftovers.length > 0) plain.splice(0, plain.length, ...plain.filter((volume) => !leftovers.includes(volume)));
      const own = plain.every((v) => v.origin === 'dockerfile');
      // A catalogue entry or a base image's VOLUME may differ for the tag actually pulled.
      const confidence: Confidence = own ? 'certain' : 'likely';
      const related: RelatedLocation[] = [];
      for (const volume of plain) {
        if (volume.site) related.push(composeLocation(volume.site, volume.origin === 'dockerfile' ? `VOLUME ${volume.path} is declared here` : `the base image declares VOLUME ${volume.path}`));
      }
      const paths = plain.map((v) => v.path).join(', ');
      // VOLUMEs where the service's build puts files that change with the image (a COPY of plugins, code): a volume
      // there, anonymous as now or named, keeps the first image's files (compose-volume-freezes-image-content), so
      // naming it is no fix; the files must leave the VOLUME.
      const seeded = plain.map((volume) => ({ volume, steps: imageFilesAt(service, volume) })).filter((v) => v.steps.length > 0);
      const knowledge = [...new Set(plain.filter((v) => v.origin !== 'dockerfile' && v.knowledge).map((v) => v.knowledge!))];
      const keepers = keptWords(kept, service);
      const ownMount = kept.find((k) => k.service === service && k.mount !== null);
      const ownPersistence = kept.some((k) => k.service === service && k.mount === null) ? persistenceOn(service) : null;
      for (const k of kept.slice(0, 3)) related.push(composeLocation(k.location, k.mount !== null ? `service ${k.service.name} keeps data in its ${k.how}` : `service ${k.service.name} has its ${k.how}`));
      if (deployed) related.push(composeLocation(deployed.location, 'the project looks deployed'));
      if (development !== null && !ownIntent) related.push(composeLocation(development.location, 'the project looks like a development stack'));
      context.report({
        range: service.location.range,
        file: service.location.file,
        ...(keepers !== null
          ? { messageId: 'unmountedKept' as const, data: { service: service.name, paths, image: imageName(service), volumes: plain.length === 1 ? 'a VOLUME' : 'VOLUMEs', kept: keepers } }
          : { messageId: 'unmounted' as const, data: { service: service.name, paths, image: imageName(service), volumes: plain.length === 1 ? 'a VOLUME' : 'VOLUMEs' } }),
        explanation: [
          `${imageName(service)} declares VOLUME ${paths}${knowledge.length > 0 ? ` (${knowledge.join('; ')})` : ''}, and no entry of service ${service.name} mounts ${plain.length === 1 ? 'it' : 'them'}, so each new container gets an anonymous volume there, named by a random hash.`,
          keepers !== null
            ? seeded.length === plain.length
              ? `The project keeps its data (${keepers}), and the build puts the image's own files at ${paths}: the anonymous volume there keeps the first image's files across rebuilds, as a named one would.`
              : ownMount
              ? `Service ${service.name} mounts ${ownMount.how} for data, but ${imageName(service)} keeps it in ${paths}: the mount is at the wrong place, or the VOLUME was forgotten.`
              : ownPersistence
                ? `The command of service ${service.name} turns the server's persistence on (\`${ownPersistence.setting}\`${ownPersistence.file !== null ? ` in ${ownPersistence.file}` : ''}), so its data is meant to survive \`down\` and \`up\`, but ${imageName(service)} writes it to ${paths}, which no entry names: the VOLUME was most likely forgotten.`
                : `The project keeps its data (${keepers}), so it is meant to keep state across \`down\` and \`up\`: this VOLUME was most likely forgotten.`
            : deployed
              ? `${looksDeployed(deployed)} A deployment's data must survive \`down\` and \`up\`, so this VOLUME was most likely forgotten.`
              : 'No service of the project keeps data anywhere, which is how a throw-away stack is written; the configuration says these compose files are deployed as written (`compose.deployed`, `--compose-deployed`), so the VOLUME is reported all the same.',
          ...(development !== null && !ownIntent ? [deployedDevelopment(development)] : []),
          `Compose re-attaches ${plain.length === 1 ? 'that volume' : 'those volumes'} when it recreates the container, so the data appears to persist; \`docker compose up -V\`, \`down -v\` or \`docker volume prune\` removes ${plain.length === 1 ? 'it' : 'them'}, and \`docker compose down\` leaves ${plain.length === 1 ? 'it' : 'them'} behind as dangling volumes.`,
          ...(seeded.length === plain.length
            ? [seededVolumesFix(seeded)]
            : [
                ...(seeded.length > 0 ? [seededVolumesFix(seeded)] : []),
                `Fix: mount a named volume there (\`- ${service.name}-data:${plain.find((v) => !seeded.some((x) => x.volume === v))!.path}\` and \`${service.name}-data:\` under the top-level \`volumes:\`), or a tmpfs if the data is scratch.`,
              ]),
        ],
        related: [...related, ...seeded.flatMap((x) => x.steps.slice(0, 2).map((step) => stepLocation(step, `${describeStepHere(step)} puts ${step.effect.path} in the image: it seeds the volume once`)))],
        confidence,
        suggestions: optional(namedVolumeFix(model, service, plain.filter((v) => !seeded.some((x) => x.volume === v)).map((v) => v.path))),
      });
    }
  },
});

/**
 * The host path of a short-syntax entry as the file writes it, variables included (`${pgAdminLocation}/pgadmin`), where
 * the entry ends with its container path written without a variable; null otherwise.
 */
function writtenSource(model: ComposeModel, mount: WrittenMount): string | null {
  const range = mount.location.range;
  if (mount.syntax !== 'short' || range.start.line !== range.end.line) return null;
  const source = model.files.find((f) => f.file === mount.location.file);
  const text = (source?.text.split(/\r\n|\r|\n/)[range.start.line] ?? '').slice(range.start.character, range.end.character).replace(/^["']|["']$/g, '');
  const at = text.lastIndexOf(`:${mount.targetRaw}`);
  return at > 0 && !text.slice(at).includes('$') ? text.slice(0, at) : null;
}

/**
 * The project's data-keeping mounts in words for a message, by service: the service itself first (a mount of its
 * own for data elsewhere says where it meant its data to go), then the others, up to three services, each with its
 * first such mount; null when there are none.
 */
function keptWords(kept: readonly KeptData[], service: ComposeService): string | null {
  if (kept.length === 0) return null;
  const byService = new Map<ComposeService, KeptData[]>();
  for (const k of [...kept.filter((k) => k.service === service), ...kept.filter((k) => k.service !== service)]) {
    byService.set(k.service, [...(byService.get(k.service) ?? []), k]);
  }
  const shown = [...byService].slice(0, 3).map(([s, mounts]) => `${s === service ? 'its own' : `service ${s.name}'s`} ${mounts[0]!.how}${mounts.length > 1 ? ` and ${mounts.length - 1} more` : ''}`);
  return byService.size > 3 ? `${shown.join('; ')}; ${byService.size - 3} more services` : shown.join('; ');
}

/**
 * Whether an image VOLUME of the service's own Dockerfile is a leftover the service never uses (see the caller, in a
 * development stack): no step of the build reaches it (the image holds nothing there), the start script volint reads
 * (a shell script the build copied from the build context), the start command and the container's environment never
 * name it, and the start script names a mount of the service that keeps data (koillection's development Dockerfile
 * kept `VOLUME /uploads` from the deployed one, whose start script links the uploads directory there; its development
 * start script chowns the bound public/uploads instead, and never names /uploads).
 */
function leftoverVolume(service: ComposeService, volume: ImageVolume, projectDir: string): boolean {
  if (volume.origin !== 'dockerfile' || service.image.kind !== 'build') return false;
  const script = service.start?.built;
  if (!script?.text || !isShellStartScript(script.path, script.text)) return false;
  const mount = service.mounts.find((m) => m.cover === 'image-volume' && m.target === volume.path);
  if (!mount || mount.image.steps.some((step) => step.reach === 'inside' || step.effect.kind === 'copy')) return false;
  const names = (text: string, path: string): boolean => new RegExp(`(^|[^\\w./-])${path.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}(?![\\w.-])`).test(text);
  const words = [script.text, ...(service.start?.argv ?? []), ...[...service.environment.values()].filter((v): v is string => v !== null)];
  if (service.image.kind === 'build') words.push(...[...service.image.stage.variables.values()].flatMap((v) => (v.kind === 'known' ? [v.value] : [])));
  if (words.some((text) => names(text, volume.path))) return false;
  return service.mounts.some((m) => m.target !== null && keptDataMount(service, m, projectDir) !== null && names(script.text!, m.target));
}

/**
 * What the service's build puts at an image VOLUME that changes with the image (compose-volume-freezes-image-content's
 * reading of the anonymous volume Compose mounts there: COPY, ADD or a RUN write, not an empty directory or a keep file).
 */
function imageFilesAt(service: ComposeService, volume: ImageVolume): ImageStep[] {
  const mount = service.mounts.find((m) => m.cover === 'image-volume' && m.target === volume.path);
  return mount ? contentSteps(mount).filter((step) => !removedLater(step, mount.image.steps)) : [];
}

/**
 * The fix for VOLUMEs where the build puts files: a named volume would keep the first image's files as the anonymous
 * one does, so the files must leave the VOLUME (as compose-volume-freezes-image-content says of a volume mounted there).
 */
function seededVolumesFix(seeded: ReadonlyArray<{ volume: ImageVolume; steps: ImageStep[] }>): string {
  const paths = seeded.map((x) => x.volume.path).join(', ');
  const own = seeded.every((x) => x.volume.origin === 'dockerfile');
  const steps = seeded.map((x) => describeStep(x.steps[0]!)).join('; ');
  const out = own ? `remove the VOLUME line${seeded.length > 1 ? 's' : ''} from the Dockerfile (or move the files to a path outside ${seeded.length > 1 ? 'them' : 'it'})` : `copy the files to a path outside the base image's VOLUME (and point the program there)`;
  return `Fix: the build puts files at ${paths} (${steps}), and a volume there, anonymous as now or named, is seeded with them once and keeps the first image's files after every rebuild (compose-volume-freezes-image-content), so naming it is no fix: ${out}, and mount a named volume only where the program writes data; until then, \`docker compose up -V\` after a rebuild renews the anonymous volume.`;
}

/** Why a project that keeps no data is reported: the evidence that it is deployed (deploymentEvidence). */
function looksDeployed(deployed: { words: string }): string {
  return `No service of the project keeps data anywhere, which is how a throw-away stack is written, but this one looks deployed: ${deployed.words}${/[.!?]"$/.test(deployed.words) ? '' : '.'}`;
}

/** Why a VOLUME left out in a development stack is reported: the user says the compose files are deployed as written. */
function deployedDevelopment(development: DevelopmentEvidence): string {
  return `The project looks like a development stack (${development.words}), where a VOLUME left out by a service that mounts nothing of its own for data and turns no persistence on is its developers' choice, not reported by default; the configuration says these compose files are deployed as written (\`compose.deployed\`, \`--compose-deployed\`), so it is reported.`;
}

function optional(fix: Fix | null): Fix[] {
  return fix ? [fix] : [];
}
