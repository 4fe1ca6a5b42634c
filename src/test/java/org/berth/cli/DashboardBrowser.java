package org.berth.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

/**
 * Debian's Chromium, headless and phone-sized, driven through Debian's chromedriver against a
 * running berth server whose API trusts no one without a token. Saves screenshots under the build
 * directory ({@code dashboard-*.png}). Skipped when Chromium or chromedriver is not installed.
 */
final class DashboardBrowser {
    private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    private static final Path DRIVER = Path.of("/usr/bin/chromedriver");

    private DashboardBrowser() {
    }

    static void run(String url, String token, String site) throws Exception {
        assumeTrue(Files.isExecutable(CHROMIUM) && Files.isExecutable(DRIVER), "chromium and chromium-driver are not installed");
        ChromeOptions options = new ChromeOptions().setBinary(CHROMIUM.toFile())
                .addArguments("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--window-size=412,1400");
        ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(DRIVER.toFile())
                .usingAnyFreePort().build();
        WebDriver browser = new ChromeDriver(service, options);
        try {
            exercise(browser, url, token, site);
        } finally {
            browser.quit();
        }
    }

    private static void exercise(WebDriver browser, String url, String token, String site) throws Exception {
        browser.get(url + "/dashboard");
        browser.findElement(By.id("token")).sendKeys("not-the-token");
        browser.findElement(By.id("sign-in-button")).click();
        assertThat(textOnceShown(browser, By.id("problem"), "not valid")).contains("not valid");
        screenshot(browser, "dashboard-sign-in");
        browser.findElement(By.id("token")).sendKeys(token);
        browser.findElement(By.id("sign-in-button")).click();
        assertThat(textOnceShown(browser, By.id("notice"), "signed in")).contains("signed in as token:ops");

        WebElement app = browser.findElement(By.id("app-hello"));
        assertThat(app.getAttribute("data-state")).isEqualTo("serving");
        assertThat(app.getText()).contains("hello.example.com").contains("r1").contains("1/1 running");
        assertThat(browser.findElement(By.id("site-" + site)).getText()).contains("Success");
        assertThat(browser.findElement(By.id("history")).getText()).contains("recipe: update").contains("deploy: release 2");
        screenshot(browser, "dashboard");

        String before = app.getAttribute("data-last-deployment");
        browser.findElement(By.id("restart-hello")).click();
        assertThat(textOnceShown(browser, By.id("notice"), "restart")).contains("restart of hello queued");
        // The panel refreshes itself: the restart shows as a new deployment, serving again.
        await().atMost(Duration.ofSeconds(60)).ignoreExceptions().until(() -> {
            WebElement now = browser.findElement(By.id("app-hello"));
            return !before.equals(now.getAttribute("data-last-deployment")) && "serving".equals(now.getAttribute("data-state"))
                    && now.getAttribute("data-last-deployment").endsWith("serving");
        });
        assertThat(browser.findElement(By.id("app-hello")).getAttribute("data-last-deployment")).contains("dashboard");
        screenshot(browser, "dashboard-restarted");

        browser.findElement(By.linkText("live log")).click();
        await().atMost(Duration.ofSeconds(30)).ignoreExceptions().until(() -> browser.findElement(By.id("log")).getText()
                .contains("is serving"));
        assertThat(browser.findElement(By.id("log")).getText()).contains("version v1 listening on");
        screenshot(browser, "dashboard-app-log");
    }

    /**
     * The text of {@code element} once the page shows it containing {@code expected}, or whatever it
     * shows after 30 s. A click that submits a form may return before the next page has loaded
     * (chromedriver does not always wait for a POST, its redirect and the new page), so the element
     * is looked up again until the new page has it.
     */
    private static String textOnceShown(WebDriver browser, By element, String expected) {
        try {
            await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100)).ignoreExceptions()
                    .until(() -> browser.findElement(element).getText().contains(expected));
        } catch (org.awaitility.core.ConditionTimeoutException notShown) {
            // Fall through: the assertion after this call says what the page showed instead.
        }
        return browser.findElements(element).stream().map(WebElement::getText).findFirst()
                .orElse("(no " + element + " on " + browser.getCurrentUrl() + ", which shows: "
                        + browser.findElement(By.tagName("body")).getText() + ")");
    }

    private static void screenshot(WebDriver browser, String name) throws Exception {
        Path target = Path.of(System.getProperty("berth.build.dir", "target")).resolve(name + ".png");
        Files.createDirectories(target.getParent());
        Path shot = ((org.openqa.selenium.TakesScreenshot) browser).getScreenshotAs(OutputType.FILE).toPath();
        Files.move(shot, target, StandardCopyOption.REPLACE_EXISTING);
    }
}
