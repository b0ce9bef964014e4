using OpenQA.Selenium;
using OpenQA.Selenium.Chrome;
using OpenQA.Selenium.Support.UI;

namespace MetaAnalysis.Tests.Browser;

/// <summary>
/// A real headless Chromium, driven through the distribution's ChromeDriver (WebDriver protocol), for tests
/// that look at pages as a user does. <c>scripts/browser-test-setup.sh</c> installs both (CI runs it); the
/// tests are skipped without them, except under CI, where they fail.
/// </summary>
internal sealed class HeadlessBrowser : IDisposable
{
    private const string ChromiumVariable = "METAANALYSIS_TEST_CHROMIUM";
    private const string DriverVariable = "METAANALYSIS_TEST_CHROMEDRIVER";

    private readonly ChromeDriver driver;
    private readonly int width;
    private readonly int height;

    /// <param name="width">The window's width in CSS pixels (400 for a phone, 1400 for a desktop).</param>
    /// <param name="height">The window's height.</param>
    public HeadlessBrowser(int width, int height = 1000)
    {
        var service = ChromeDriverService.CreateDefaultService(Path.GetDirectoryName(DriverPath)!, Path.GetFileName(DriverPath));
        service.HideCommandPromptWindow = true;
        service.SuppressInitialDiagnosticInformation = true;
        var options = new ChromeOptions { BinaryLocation = ChromiumPath };

        // --no-sandbox: tests run as root in containers, where Chromium's sandbox cannot start.
        options.AddArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--hide-scrollbars", $"--window-size={width},{height}", "--lang=en-US");
        driver = new ChromeDriver(service, options, TimeSpan.FromSeconds(60));
        driver.Manage().Timeouts().PageLoad = TimeSpan.FromSeconds(60);
        this.width = width;
        this.height = height;

        // A headless window is at least 500 px wide; a phone's viewport is set through the DevTools protocol.
        Emulate(height);
    }

    /// <summary>Why browser tests are skipped here, or null when they run (Chromium is installed, or this is CI).</summary>
    public static string? SkipReason =>
        (File.Exists(ChromiumPath) && File.Exists(DriverPath)) || IsCi
            ? null
            : $"Chromium and ChromeDriver are not installed: run scripts/browser-test-setup.sh (CI does, and fails these tests without them)";

    public IWebDriver Driver => driver;

    private static string ChromiumPath => Environment.GetEnvironmentVariable(ChromiumVariable) is { Length: > 0 } path ? path : "/usr/bin/chromium";

    private static string DriverPath => Environment.GetEnvironmentVariable(DriverVariable) is { Length: > 0 } path ? path : "/usr/bin/chromedriver";

    private static bool IsCi => string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase);

    public void GoTo(Uri address) => driver.Navigate().GoToUrl(address);

    /// <summary>Waits until <paramref name="condition"/> holds, failing with <paramref name="what"/> and the page's text after <paramref name="timeout"/>.</summary>
    public void WaitUntil(Func<IWebDriver, bool> condition, string what, TimeSpan timeout)
    {
        var wait = new WebDriverWait(driver, timeout) { PollingInterval = TimeSpan.FromMilliseconds(100) };
        wait.IgnoreExceptionTypes(typeof(NoSuchElementException), typeof(StaleElementReferenceException));
        try
        {
            wait.Until(condition);
        }
        catch (WebDriverTimeoutException)
        {
            throw new TimeoutException($"{what} did not happen within {timeout.TotalSeconds} s; the page ({driver.Url}) says:\n{Text()}");
        }
    }

    /// <summary>
    /// Clicks what <paramref name="target"/> finds and waits until the click has replaced the page: a link followed or a
    /// form posted (and its redirect) returns from the click before the new document has arrived, so reading the page
    /// straight after it can see the old one.
    /// </summary>
    public void Follow(By target, TimeSpan timeout)
    {
        driver.ExecuteScript("window.__beforeFollow = true");
        driver.FindElement(target).Click();
        WaitUntil(
            _ => driver.ExecuteScript("return window.__beforeFollow !== true && document.readyState === 'complete'") is true,
            $"the page after clicking {target}",
            timeout);
    }

    /// <summary>The visible text of the page.</summary>
    public string Text()
    {
        // A page that is still being replaced (a redirect's target arriving) leaves the old body stale: read the new one.
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return driver.FindElement(By.TagName("body")).Text;
            }
            catch (StaleElementReferenceException) when (attempt < 20)
            {
                Thread.Sleep(50);
            }
        }
    }

    /// <summary>Runs a script in the page and returns its value.</summary>
    public object? Script(string script) => driver.ExecuteScript(script);

    /// <summary>
    /// Saves a screenshot of the whole page (the window stretched to the page's height) as PNG in the test's
    /// output folder and, when <c>METAANALYSIS_UPDATE_SCREENSHOTS</c> names a folder, there too (the
    /// repository's <c>docs/screenshots</c> are made that way). Returns the path in the output folder.
    /// </summary>
    public string Screenshot(string name, int maxHeight = 4000)
    {
        var page = Convert.ToInt32(driver.ExecuteScript("return Math.ceil(document.documentElement.scrollHeight)"), System.Globalization.CultureInfo.InvariantCulture);
        Emulate(Math.Clamp(page, height, maxHeight));
        var shot = driver.GetScreenshot();
        Emulate(height);
        var folder = Path.Combine(AppContext.BaseDirectory, "screenshots");
        Directory.CreateDirectory(folder);
        var path = Path.Combine(folder, name + ".png");
        shot.SaveAsFile(path);
        if (Environment.GetEnvironmentVariable("METAANALYSIS_UPDATE_SCREENSHOTS") is { Length: > 0 } update)
        {
            Directory.CreateDirectory(update);
            File.Copy(path, Path.Combine(update, name + ".png"), overwrite: true);
        }

        return path;
    }

    public void Dispose()
    {
        driver.Quit();
        driver.Dispose();
    }

    private void Emulate(int viewportHeight) => driver.ExecuteCdpCommand("Emulation.setDeviceMetricsOverride", new Dictionary<string, object?>
    {
        ["width"] = width,
        ["height"] = viewportHeight,
        ["deviceScaleFactor"] = 1,
        ["mobile"] = width < 600,
    });
}

/// <summary>A test that needs Chromium: skipped without it, except under CI (see <see cref="HeadlessBrowser"/>).</summary>
[AttributeUsage(AttributeTargets.Method)]
internal sealed class BrowserFactAttribute : FactAttribute
{
    public BrowserFactAttribute()
    {
        if (HeadlessBrowser.SkipReason is { } reason)
        {
            Skip = reason;
        }
    }
}
