package org.fsneurons.tracking;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;
import java.util.Map;
import org.fsneurons.core.UserInputException;
import org.junit.jupiter.api.Test;

class ConnectionTest {
  @Test
  void uriComesFromTheFlagThenTheEnvironment() {
    assertEquals("http://127.0.0.1:5000", Connection.uri("http://127.0.0.1:5000/", Map.of()));
    assertEquals(
        "https://mlflow.example/prefix",
        Connection.uri(null, Map.of("MLFLOW_TRACKING_URI", "https://mlflow.example/prefix")));
    assertEquals(
        "http://127.0.0.1:1",
        Connection.uri("http://127.0.0.1:1", Map.of("MLFLOW_TRACKING_URI", "http://127.0.0.1:2")));
    assertNull(Connection.uri(null, Map.of()));
    assertNull(Connection.uri(" ", Map.of("MLFLOW_TRACKING_URI", "")));
  }

  @Test
  void malformedUrisNameTheFlagOrVariableAndWhatWasFound() {
    UserInputException port =
        assertThrows(
            UserInputException.class, () -> Connection.uri("http://127.0.0.1:99999", Map.of()));
    assertEquals(
        "--tracking-uri 'http://127.0.0.1:99999': expected the address of an MLflow server,"
            + " http://HOST:PORT (e.g. http://127.0.0.1:5000), found port 99999 (ports are 1..65535)",
        port.getMessage());
    UserInputException scheme =
        assertThrows(
            UserInputException.class,
            () -> Connection.uri(null, Map.of("MLFLOW_TRACKING_URI", "file:///tmp/mlruns")));
    assertEquals(
        "MLFLOW_TRACKING_URI 'file:///tmp/mlruns': expected the address of an MLflow server,"
            + " http://HOST:PORT (e.g. http://127.0.0.1:5000), found scheme 'file'",
        scheme.getMessage());
    UserInputException host =
        assertThrows(UserInputException.class, () -> Connection.uri("http://:5000", Map.of()));
    assertEquals(
        "--tracking-uri 'http://:5000': expected the address of an MLflow server, http://HOST:PORT"
            + " (e.g. http://127.0.0.1:5000), found no valid HOST:PORT",
        host.getMessage());
    UserInputException bad =
        assertThrows(UserInputException.class, () -> Connection.uri("http://a b", Map.of()));
    assertEquals(
        "--tracking-uri 'http://a b': expected the address of an MLflow server, http://HOST:PORT"
            + " (e.g. http://127.0.0.1:5000), found a malformed address (Illegal character in authority)",
        bad.getMessage());
    UserInputException none =
        assertThrows(UserInputException.class, () -> Connection.uri("127.0.0.1:5000", Map.of()));
    assertEquals(
        "--tracking-uri '127.0.0.1:5000': expected the address of an MLflow server, http://HOST:PORT"
            + " (e.g. http://127.0.0.1:5000), found no http:// or https:// prefix",
        none.getMessage());
  }

  @Test
  void timeoutComesFromTheFlagThenTheEnvironmentElseThirtySeconds() {
    assertEquals(Duration.ofSeconds(30), Connection.timeout(null, Map.of()));
    assertEquals(
        Duration.ofSeconds(5), Connection.timeout(null, Map.of("FS_TRACKING_TIMEOUT", "5")));
    assertEquals(
        Duration.ofMillis(2500), Connection.timeout("2.5", Map.of("FS_TRACKING_TIMEOUT", "5")));
    assertEquals(Duration.ofSeconds(3600), Connection.timeout("3600", Map.of()));
  }

  @Test
  void malformedTimeoutsAreRefused() {
    for (String bad : new String[] {"abc", "0", "-1", "3601", "NaN", "Infinity", ""}) {
      UserInputException e =
          assertThrows(UserInputException.class, () -> Connection.timeout(bad, Map.of()));
      assertEquals(
          "--tracking-timeout: expected a number of seconds in (0, 3600] (e.g. 30), found '"
              + bad
              + "'",
          e.getMessage());
    }
    UserInputException env =
        assertThrows(
            UserInputException.class,
            () -> Connection.timeout(null, Map.of("FS_TRACKING_TIMEOUT", "30s")));
    assertEquals(
        "FS_TRACKING_TIMEOUT: expected a number of seconds in (0, 3600] (e.g. 30), found '30s'",
        env.getMessage());
  }

  @Test
  void artifactUploadsGetFourTimesTheTimeoutAtLeastTenSeconds() {
    assertEquals(
        Duration.ofSeconds(120),
        new MlflowTracker("http://127.0.0.1:1", null, Duration.ofSeconds(30)).artifactTimeout());
    assertEquals(
        Duration.ofSeconds(10),
        new MlflowTracker("http://127.0.0.1:1", null, Duration.ofMillis(500)).artifactTimeout());
  }
}
