package org.berth.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import org.openqa.selenium.By;
import org.openqa.selenium.NoSuchElementException;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.StaleElementReferenceException;
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

    /** {@code serving}: the app hello's release now; {@code previous}: the one a rollback goes back to. */
    static void run(String url, String token, String site, long serving, long previous) throws Exception {
        assumeTrue(Files.isExecutable(CHROMIUM) && Files.isExecutable(DRIVER), "chromium and chromium-driver are not installed");
        ChromeOptions options = new ChromeOptions().setBinary(CHROMIUM.toFile())
                .addArguments("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--window-size=412,1400");
        ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(DRIVER.toFile())
                .usingAnyFreePort().build();
        WebDriver browser = new ChromeDriver(service, options);
        try {
            exercise(browser, url, token, site, serving, previous);
        } finally {
            browser.quit();
        }
    }

    private static void exercise(WebDriver browser, String url, String token, String site, long serving, long previous)
            throws Exception {
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
        assertThat(app.getText()).contains("hello.example.com").contains("1/1 running");
        assertThat(release(browser)).isEqualTo("r" + serving);
        assertThat(browser.findElement(By.id("site-" + site)).getText()).contains("Success");
        assertThat(browser.findElement(By.id("history")).getText()).contains("recipe: update").contains("deploy: release 2");
        screenshot(browser, "dashboard");

        String before = app.getAttribute("data-last-deployment");
        click(browser, By.id("restart-hello"));
        assertThat(textOnceShown(browser, By.id("notice"), "restart")).contains("restart of hello queued");
        // The panel refreshes itself: the restart shows as a new deployment, serving again.
        awaitNewDeployment(browser, before, "dashboard: serving");
        assertThat(release(browser)).isEqualTo("r" + serving);
        screenshot(browser, "dashboard-restarted");

        String restarted = browser.findElement(By.id("app-hello")).getAttribute("data-last-deployment");
        click(browser, By.id("rollback-hello"));
        assertThat(textOnceShown(browser, By.id("notice"), "rollback")).contains("rollback of hello queued");
        awaitNewDeployment(browser, restarted, "rollback: serving");
        assertThat(release(browser)).isEqualTo("r" + previous);
        screenshot(browser, "dashboard-rolled-back");

        click(browser, By.id("update-" + site));
        assertThat(textOnceShown(browser, By.id("notice"), "update of")).contains("update of " + site + " started (run ");
        // The site's run from before and this one, both done, and its card saying so: the panel redraws
        // every few seconds, so the history and the card are read together from one redraw.
        await().atMost(Duration.ofSeconds(60)).ignoreExceptions().until(() -> browser.findElement(By.id("history")).getText()
                .lines().filter(row -> row.contains("recipe: update") && row.contains(site) && row.contains("Success")).count() == 2
                && browser.findElement(By.id("site-" + site)).getText().contains("Success"));
        screenshot(browser, "dashboard-updated");

        click(browser, By.xpath("//div[@id='app-hello']//a[text()='live log']"));
        await().atMost(Duration.ofSeconds(30)).ignoreExceptions().until(() -> browser.findElement(By.id("log")).getText()
                .contains("release " + previous + " is serving"));
        assertThat(browser.findElement(By.id("log")).getText()).contains("version v2 listening on");
        screenshot(browser, "dashboard-app-log");
    }

    /** Waits until the app card shows a deployment other than {@code before}, ending with {@code ending}, serving. */
    private static void awaitNewDeployment(WebDriver browser, String before, String ending) {
        await().atMost(Duration.ofSeconds(60)).ignoreExceptions().until(() -> {
            WebElement now = browser.findElement(By.id("app-hello"));
            String last = now.getAttribute("data-last-deployment");
            return !before.equals(last) && last.endsWith(ending) && "serving".equals(now.getAttribute("data-state"));
        });
    }

    /** The release the app card shows, read again until the panel is not mid-refresh. */
    private static String release(WebDriver browser) {
        By release = By.xpath("//div[@id='app-hello']//dt[text()='release']/following-sibling::dd[1]");
        return await().atMost(Duration.ofSeconds(10)).ignoreExceptions().until(() -> browser.findElement(release).getText(),
                text -> !text.isEmpty());
    }

    /**
     * Clicks {@code element}, finding it again when the panel was re-rendered (every 3 s) between finding
     * and clicking. Only those two failures are retried: a click that reached the page is never repeated.
     */
    private static void click(WebDriver browser, By element) {
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100))
                .ignoreExceptionsMatching(e -> e instanceof StaleElementReferenceException || e instanceof NoSuchElementException)
                .until(() -> {
                    browser.findElement(element).click();
                    return true;
                });
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
