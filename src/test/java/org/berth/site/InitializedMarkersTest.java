package org.berth.site;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.berth.naming.SiteName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class InitializedMarkersTest {
    @TempDir
    Path db;

    @Test
    void aSiteIsPresentWhenItsMarkerFileExists() throws IOException {
        Files.createDirectories(db.resolve("initialized"));
        Files.createFile(db.resolve("initialized/foo.acme.tld"));
        InitializedMarkers markers = new InitializedMarkers(db);

        assertThat(markers.isInitialized(SiteName.parse("foo.acme.tld"))).isTrue();
        assertThat(markers.isInitialized(SiteName.parse("nope.acme.tld"))).isFalse();
    }

    @Test
    void nothingIsPresentWithoutTheFolder() {
        InitializedMarkers markers = new InitializedMarkers(db.resolve("missing"));
        assertThat(markers.isInitialized(SiteName.parse("foo.acme.tld"))).isFalse();
        assertThat(markers.all()).isEmpty();
    }

    @Test
    void markInitializedCreatesTheFolderAndTheFile() throws IOException {
        Path root = db.resolve("nested/db");
        InitializedMarkers markers = new InitializedMarkers(root);
        SiteName site = SiteName.parse("foo.acme.tld");

        markers.markInitialized(site);

        assertThat(root.resolve("initialized")).isDirectory();
        assertThat(root.resolve("initialized/foo.acme.tld")).isRegularFile().isEmptyFile();
        assertThat(markers.isInitialized(site)).isTrue();
    }

    @Test
    void markInitializedTwiceKeepsTheMarker() throws IOException {
        InitializedMarkers markers = new InitializedMarkers(db);
        SiteName site = SiteName.parse("foo.acme.tld");
        markers.markInitialized(site);
        Files.writeString(db.resolve("initialized/foo.acme.tld"), "kept");

        markers.markInitialized(site);

        assertThat(db.resolve("initialized/foo.acme.tld")).hasContent("kept");
    }

    @Test
    void allListsValidNamesSorted() throws IOException {
        InitializedMarkers markers = new InitializedMarkers(db);
        markers.markInitialized(SiteName.parse("zed.acme.tld"));
        markers.markInitialized(SiteName.parse("foo.acme.tld"));
        Files.createFile(db.resolve("initialized/not_a_site"));
        Files.createFile(db.resolve("initialized/.hidden"));

        assertThat(markers.all()).extracting(SiteName::value).containsExactly("foo.acme.tld", "zed.acme.tld");
    }

    @Test
    void worksOnTheAlkaneFixture(@TempDir Path temp) throws IOException {
        Path fixture = AlkaneFixture.copyTo(temp);
        InitializedMarkers markers = new InitializedMarkers(fixture.resolve("db"));
        assertThat(markers.isInitialized(SiteName.parse("foo.acme.tld"))).isTrue();
        assertThat(markers.isInitialized(SiteName.parse("nope.acme.tld"))).isFalse();
    }
}
