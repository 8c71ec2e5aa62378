export { withLock, isProcessAlive, isErrno } from './file-lock';
export {
  assertCommandWorks,
  errorMessage,
  fetchMavenJars,
  JAVA_HINT,
  javaBin,
  MVN_HINT,
  pathExists,
  processOutput,
  type MavenJarsRequest,
} from './maven-jars';
