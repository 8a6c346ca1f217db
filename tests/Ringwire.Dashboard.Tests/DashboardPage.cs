using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Ringwire.Dashboard.Tests;

/// <summary>
/// The dashboard as an operator sees it, in one browser page: what there is to click and to read. Every wait is one of
/// Playwright's auto-waiting expectations, bounded by <see cref="WaitMs"/>.
/// </summary>
public sealed class DashboardPage(IPage page, DashboardServer server)
{
    /// <summary>Generous: a virtual iPhone woken by a push launches its app, connects and claims within a second or two.</summary>
    public const float WaitMs = 20_000;

    private readonly List<string> _problems = [];

    public IPage Page => page;

    public ILocator SignInError => page.Locator("#sign-in-error");

    public ILocator Board => page.Locator("#board");

    public ILocator Lab => page.Locator("#lab-panel");

    public ILocator Timeline => page.Locator("#timeline-panel");

    /// <summary>What the browser complained about: script errors, and resources refused by the Content-Security-Policy.</summary>
    public IReadOnlyList<string> Problems => _problems;

    public static LocatorAssertionsToBeVisibleOptions Visible => new() { Timeout = WaitMs };

    public static LocatorAssertionsToContainTextOptions Contains => new() { Timeout = WaitMs };

    public async Task OpenAsync()
    {
        page.PageError += (_, error) => _problems.Add($"page error: {error}");
        page.Console += (_, message) =>
        {
            if (message.Type == "error" && message.Text.Contains("Content Security Policy", StringComparison.OrdinalIgnoreCase))
            {
                _problems.Add($"console: {message.Text}");
            }
        };
        await page.GotoAsync(server.DashboardUrl, new PageGotoOptions { Timeout = WaitMs });
    }

    public async Task SignInAsync(string apiKey)
    {
        await page.Locator("#api-key").FillAsync(apiKey);
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
    }

    /// <summary>Signs in and waits until the board and the lab check are done.</summary>
    public async Task SignInAndWaitAsync()
    {
        await SignInAsync(DashboardServer.ApiKey);
        await Expect(Board).ToBeVisibleAsync(Visible);
        await Expect(page.Locator("body[data-lab]")).ToHaveCountAsync(1, new() { Timeout = WaitMs });
    }

    /// <summary>Adds a virtual iPhone in the lab panel; returns its card once the server lists it.</summary>
    public async Task<ILocator> AddIPhoneAsync(string userId, string name, bool appRunning = false)
    {
        var form = page.Locator("#lab-create");
        await form.Locator("input[name=userId]").FillAsync(userId);
        await form.Locator("input[name=phoneName]").FillAsync(name);
        await form.Locator("input[name=appRunning]").SetCheckedAsync(appRunning);
        await form.GetByRole(AriaRole.Button, new() { Name = "Add iPhone" }).ClickAsync();
        var card = Phone(userId);
        await Expect(card).ToBeVisibleAsync(Visible);
        return card;
    }

    public ILocator Phone(string userId) => page.Locator($"#lab-phones .phone[data-user='{userId}']");

    public async Task CallAsync(ILocator fromPhone, string toUserId)
    {
        await fromPhone.Locator("form.dial input").FillAsync(toUserId);
        await fromPhone.GetByRole(AriaRole.Button, new() { Name = "Call", Exact = true }).ClickAsync();
    }

    public ILocator CallRow(string state) => page.Locator($"#calls-table .call-row[data-state='{state}']");

    public ILocator DeviceRow(string userId, string deviceId) =>
        page.Locator($"#devices-table tr[data-user='{userId}'][data-device='{deviceId}']");

    /// <summary>A full-page screenshot under the test's output folder (artifacts/); returns its path.</summary>
    public async Task<string> ScreenshotAsync(string name)
    {
        var path = Path.Combine(AppContext.BaseDirectory, "artifacts", name);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = path, FullPage = true, Timeout = WaitMs });
        return path;
    }
}
