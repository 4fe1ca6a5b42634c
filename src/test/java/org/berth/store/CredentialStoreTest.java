package org.berth.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Apps' database credentials in the store: kept, found, forgotten; the store file stays berth's alone. */
class CredentialStoreTest {
    static final DatabaseCredentials SHOP = new DatabaseCredentials("shop", "main", "berth_shop_1", "berth_shop_1",
            "pw-abcdefghijklmnopqrstuvwxyz0123456789", Instant.ofEpochMilli(1_700_000_000_000L));

    @TempDir
    Path dir;

    @Test
    void credentialsAreKeptAcrossReopeningAndForgottenOnRemoval() {
        Path file = dir.resolve("berth.db");
        try (Store store = Store.open(file)) {
            new CredentialStore(store).add(SHOP);
        }
        try (Store store = Store.open(file)) {
            CredentialStore credentials = new CredentialStore(store);
            assertThat(credentials.find("shop")).hasValue(SHOP);
            assertThat(credentials.find("other")).isEmpty();
            credentials.remove("shop");
            assertThat(credentials.find("shop")).isEmpty();
            credentials.remove("shop");
        }
    }

    @Test
    void credentialsAreWrittenOnceAndTheErrorHoldsNoPassword() {
        try (Store store = Store.open(dir.resolve("berth.db"))) {
            CredentialStore credentials = new CredentialStore(store);
            credentials.add(SHOP);
            assertThatThrownBy(() -> credentials.add(SHOP))
                    .isInstanceOf(StoreException.class)
                    .hasMessageStartingWith("cannot write the database credentials of shop to ")
                    .message().doesNotContain(SHOP.password());
        }
    }

    @Test
    void toStringMasksThePassword() {
        assertThat(SHOP.toString()).doesNotContain(SHOP.password()).contains("password=********").contains("role=berth_shop_1");
    }

    @Test
    void aVersionTwoStoreGainsTheCredentialsTable() throws Exception {
        Path file = dir.resolve("berth.db");
        Store.open(file).close();
        try (Connection connection = DriverManager.getConnection("jdbc:sqlite:" + file);
             Statement statement = connection.createStatement()) {
            statement.execute("DROP TABLE database_credentials");
            statement.execute("PRAGMA user_version = 2");
        }
        try (Store store = Store.open(file)) {
            new CredentialStore(store).add(SHOP);
        }
        try (Connection connection = DriverManager.getConnection("jdbc:sqlite:" + file);
             Statement statement = connection.createStatement();
             ResultSet version = statement.executeQuery("PRAGMA user_version")) {
            assertThat(version.getInt(1)).isEqualTo(3);
        }
    }

    @Test
    void aStoreOthersCouldReadIsMadePrivateWhenOpened() throws Exception {
        Path file = dir.resolve("berth.db");
        Store.open(file).close();
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));
        Path wal = dir.resolve("berth.db-wal");
        Files.write(wal, new byte[0]);
        Files.setPosixFilePermissions(wal, PosixFilePermissions.fromString("rw-rw-r--"));

        Store.open(file).close();

        assertThat(Files.getPosixFilePermissions(file)).isEqualTo(PosixFilePermissions.fromString("rw-------"));
        if (Files.exists(wal)) {
            assertThat(Files.getPosixFilePermissions(wal)).isEqualTo(PosixFilePermissions.fromString("rw-------"));
        }
    }
}
