using Microsoft.Playwright;

namespace Ringwire.Dashboard.Tests;

/// <summary>
/// Debian's chromium, driven by Playwright's own node driver (shipped in the Microsoft.Playwright package, so nothing is
/// downloaded): one browser for the whole collection, a fresh context (cookies, sessionStorage) for each test.
/// scripts/test.sh installs the chromium package when it is missing.
/// </summary>
public sealed class Chromium : IAsyncLifetime
{
    /// <summary>Where Debian puts it; <c>RINGWIRE_CHROMIUM</c> names another.</summary>
    public static readonly string ExecutablePath = Environment.GetEnvironmentVariable("RINGWIRE_CHROMIUM") ?? "/usr/bin/chromium";

    private IPlaywright? _playwright;
    private IBrowser? _browser;

    public IBrowser Browser => _browser ?? throw new InvalidOperationException("The browser did not start.");

    public async Task InitializeAsync()
    {
        if (!File.Exists(ExecutablePath))
        {
            throw new InvalidOperationException(
                $"No chromium at {ExecutablePath}: install Debian's chromium package (scripts/test.sh does) or set RINGWIRE_CHROMIUM.");
        }

        _playwright = await Playwright.CreateAsync().WaitAsync(TimeSpan.FromSeconds(60));
        _browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = ExecutablePath,
            Headless = true,
            Timeout = 60_000,
            // No sandbox (tests may run as root); nothing that would reach out to the internet on its own. Playwright
            // gives each launch a fresh temporary profile.
            Args =
            [
                "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
                "--disable-component-update", "--disable-sync",
            ],
        });
    }

    /// <summary>A page in a context of its own, sized like an operator's laptop screen.</summary>
    public async Task<IPage> NewPageAsync()
    {
        var context = await Browser.NewContextAsync(new BrowserNewContextOptions { ViewportSize = new ViewportSize { Width = 1440, Height = 900 } });
        var page = await context.NewPageAsync();
        page.SetDefaultTimeout(DashboardPage.WaitMs);
        return page;
    }

    public async Task DisposeAsync()
    {
        if (_browser is not null)
        {
            await _browser.CloseAsync();
        }

        _playwright?.Dispose();
    }
}
