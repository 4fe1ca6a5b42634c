package org.berth.incoming;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class BundleFileNameTest {
    @ParameterizedTest
    @CsvSource({"blog.keter, blog, .keter", "blog.tar.gz, blog, .tar.gz", "blog.tgz, blog, .tgz",
            "My.App_2-x.keter, My.App_2-x, .keter", "tar.keter, tar, .keter"})
    void splitsAppNameAndExtension(String file, String app, String extension) {
        assertThat(BundleFileName.parse(file)).contains(new BundleFileName(file, app, extension));
        assertThat(BundleFileName.isValidAppName(app)).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"blog.keter.part", ".blog.keter.tmp", "blog.gz", "blog.tar", "blog", "blog.KETER"})
    void otherFilesAreNotBundles(String file) {
        assertThat(BundleFileName.parse(file)).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {".hidden.keter", ".keter", "-dash.keter", "_x.keter", "has space.keter", "ünïcode.keter",
            "sixty-four-characters-is-one-too-many-for-an-app-name-0123456789.keter"})
    void invalidAppNames(String file) {
        assertThat(BundleFileName.parse(file)).hasValueSatisfying(name -> assertThat(name.hasValidAppName()).isFalse());
    }

    @ParameterizedTest
    @ValueSource(strings = {"a", "0", "a.b", "A-Z_0.9", "sixty-three-characters-is-the-longest-name-an-app-can-have-0123"})
    void validAppNames(String name) {
        assertThat(BundleFileName.isValidAppName(name)).isTrue();
    }
}
