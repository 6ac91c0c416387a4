package io.flotilla.support;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.openqa.selenium.Alert;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebDriverException;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * A real headless Chromium driven by Selenium, for the console's tests: Debian's
 * {@code chromium} and {@code chromedriver}, found on the PATH and named to Selenium
 * explicitly, since its own driver download cannot work offline. Without them the test
 * fails and says what to install; it never skips. Registered as a static extension, one
 * browser serves a test class:
 *
 * <pre class="code">
 * &#64;RegisterExtension
 * static final Browser browser = new Browser();
 * </pre>
 *
 * Screenshots go to {@code target/console-screenshots/}.
 */
public final class Browser implements BeforeAllCallback, AfterAllCallback {

	/**
	 * Where the screenshots go; the README's images are copied from here.
	 */
	public static final Path SCREENSHOTS = Path.of("target", "console-screenshots");

	private static final String INSTALL = "the console's browser tests need Debian's chromium and chromedriver on the "
			+ "PATH: apt-get install chromium chromium-driver (.ci/run installs them)";

	private WebDriver driver;

	@Override
	public void beforeAll(ExtensionContext context) {
		Path chromium = onPath("chromium").orElseThrow(() -> new AssertionError(INSTALL + "; no chromium found"));
		Path chromedriver = onPath("chromedriver")
			.orElseThrow(() -> new AssertionError(INSTALL + "; no chromedriver found"));
		ChromeOptions options = new ChromeOptions();
		options.setBinary(chromium.toFile());
		options.addArguments("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu",
				"--window-size=1400,1000", "--no-first-run", "--disable-extensions");
		ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(chromedriver.toFile())
			.usingAnyFreePort()
			.build();
		this.driver = new ChromeDriver(service, options);
		this.driver.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(30));
	}

	@Override
	public void afterAll(ExtensionContext context) {
		if (this.driver != null) {
			this.driver.quit();
		}
	}

	public WebDriver driver() {
		return this.driver;
	}

	public void open(String url) {
		this.driver.get(url);
	}

	public WebElement find(String css) {
		return this.driver.findElement(By.cssSelector(css));
	}

	public List<WebElement> findAll(String css) {
		return this.driver.findElements(By.cssSelector(css));
	}

	/**
	 * Waits up to the timeout for the condition, polling the page as it changes, and
	 * asking again when a part of the page was redrawn under the condition.
	 */
	public <T> T await(Duration timeout, Function<WebDriver, T> condition) {
		// a live part redrawn between finding an element and reading it
		return new WebDriverWait(this.driver, timeout).ignoring(StaleElementReferenceException.class)
			.until(condition::apply);
	}

	/**
	 * Clicks what leads to another page, a link or a form's button, and waits until the
	 * browser shows that page: a click may return before the new page is there, and under
	 * load often does.
	 */
	public void clickToNewPage(String css) {
		clickToNewPage(find(css));
	}

	public void clickToNewPage(WebElement element) {
		toNewPage(element, () -> {
		});
	}

	/**
	 * Clicks a button that asks first, accepts its question, and waits for the page the
	 * form leads to.
	 */
	public void confirmToNewPage(String css) {
		toNewPage(find(css), () -> alert().accept());
	}

	/**
	 * The question a button asked, once the browser shows it.
	 */
	public Alert alert() {
		return new WebDriverWait(this.driver, Duration.ofSeconds(10)).until(ExpectedConditions.alertIsPresent());
	}

	private void toNewPage(WebElement element, Runnable afterClick) {
		JavascriptExecutor script = (JavascriptExecutor) this.driver;
		script.executeScript("window.flotillaPageBeforeClick = true");
		element.click();
		afterClick.run();
		// Chromium answers odd errors about the old document while it navigates away
		// ("Node with given id does not belong to the document"): ask again until the
		// page without the mark has loaded
		new WebDriverWait(this.driver, Duration.ofSeconds(30)).ignoring(WebDriverException.class)
			.until((driver) -> Boolean.TRUE.equals(script
				.executeScript("return !window.flotillaPageBeforeClick && document.readyState === 'complete'")));
	}

	/**
	 * Fills in and sends the login form the server shows at {@code /login}, in a new
	 * session: whoever was logged in before is forgotten.
	 */
	public void logIn(String baseUrl, String name, String password) {
		open(baseUrl + "/login");
		this.driver.manage().deleteAllCookies();
		open(baseUrl + "/login");
		find("input[name=username]").sendKeys(name);
		find("input[name=password]").sendKeys(password);
		find("button[type=submit]").click();
		await(Duration.ofSeconds(15), (page) -> !page.getCurrentUrl().contains("/login"));
	}

	/**
	 * Saves what the browser shows as {@code target/console-screenshots/NAME.png}.
	 */
	public Path screenshot(String name) {
		File shot = ((ChromeDriver) this.driver).getScreenshotAs(OutputType.FILE);
		try {
			Files.createDirectories(SCREENSHOTS);
			Path target = SCREENSHOTS.resolve(name + ".png");
			Files.copy(shot.toPath(), target, StandardCopyOption.REPLACE_EXISTING);
			return target;
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	private static Optional<Path> onPath(String command) {
		String path = System.getenv("PATH");
		if (path == null) {
			return Optional.empty();
		}
		return Arrays.stream(path.split(File.pathSeparator))
			.map((directory) -> Path.of(directory, command))
			.filter(Files::isExecutable)
			.findFirst();
	}

}
