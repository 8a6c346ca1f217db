using System.Text.RegularExpressions;
using Microsoft.Playwright;
using Xunit.Abstractions;
using static Microsoft.Playwright.Assertions;

namespace Ringwire.Dashboard.Tests;

/// <summary>The operator's dashboard in a real browser, against a real server in this process.</summary>
[Collection(BrowserCollection.Name)]
public sealed partial class DashboardTests(Chromium chromium, ITestOutputHelper output)
{
    private async Task<DashboardPage> OpenAsync(DashboardServer server)
    {
        var dashboard = new DashboardPage(await chromium.NewPageAsync(), server);
        await dashboard.OpenAsync();
        return dashboard;
    }

    [Fact]
    public async Task SignIn_WithAWrongKey_SaysSoAndShowsNothing_ThenTheRightKeyOpensTheBoard()
    {
        await using var server = await DashboardServer.StartAsync();
        var dashboard = await OpenAsync(server);

        await dashboard.SignInAsync("rw-not-a-key-of-this-server");

        await Expect(dashboard.SignInError).ToContainTextAsync("did not accept this API key", DashboardPage.Contains);
        await Expect(dashboard.SignInError).ToContainTextAsync("401", DashboardPage.Contains);
        await Expect(dashboard.Board).ToBeHiddenAsync(new() { Timeout = DashboardPage.WaitMs });
        Assert.Null(await dashboard.Page.EvaluateAsync<string?>("sessionStorage.getItem('ringwire.apiKey')"));

        await dashboard.SignInAndWaitAsync();

        await Expect(dashboard.SignInError).ToBeHiddenAsync(new() { Timeout = DashboardPage.WaitMs });
        await Expect(dashboard.Page.Locator("#status")).ToContainTextAsync("Live", DashboardPage.Contains);
        Assert.Equal(DashboardServer.ApiKey, await dashboard.Page.EvaluateAsync<string?>("sessionStorage.getItem('ringwire.apiKey')"));
        // Kept for this tab: a reload stays signed in.
        await dashboard.Page.ReloadAsync(new() { Timeout = DashboardPage.WaitMs });
        await Expect(dashboard.Board).ToBeVisibleAsync(DashboardPage.Visible);
        Assert.Empty(dashboard.Problems);
    }

    [Fact]
    public async Task Lab_CallBetweenTwoVirtualIPhones_RingsIsAnsweredAndShowsItsTimeline()
    {
        await using var server = await DashboardServer.StartAsync();
        var dashboard = await OpenAsync(server);
        await dashboard.SignInAndWaitAsync();
        await Expect(dashboard.Lab).ToBeVisibleAsync(DashboardPage.Visible);

        var alice = await dashboard.AddIPhoneAsync("alice", "Alice's iPhone");
        var bob = await dashboard.AddIPhoneAsync("bob", "Bob's iPhone");
        var bobDevice = await bob.GetAttributeAsync("data-phone");
        await dashboard.CallAsync(alice, "bob");

        // It rings: in the live calls, and on Bob's phone (woken by a real VoIP push through the APNs simulator).
        var ringingRow = dashboard.CallRow("ringing");
        await Expect(ringingRow).ToBeVisibleAsync(DashboardPage.Visible);
        await Expect(ringingRow).ToContainTextAsync("alice → bob", DashboardPage.Contains);
        var ringingCall = bob.Locator(".phone-call[data-state='ringing']");
        await Expect(ringingCall).ToBeVisibleAsync(DashboardPage.Visible);
        await Expect(bob).ToHaveClassAsync(new Regex(@"\bringing\b"), new() { Timeout = DashboardPage.WaitMs });
        var ringingShot = await dashboard.ScreenshotAsync("dashboard-ringing.png");

        await ringingCall.GetByRole(AriaRole.Button, new() { Name = "Answer" }).ClickAsync();

        var answeredRow = dashboard.CallRow("answered");
        await Expect(answeredRow).ToBeVisibleAsync(DashboardPage.Visible);
        await Expect(bob.Locator(".phone-call[data-state='connected']")).ToBeVisibleAsync(DashboardPage.Visible);
        await Expect(alice.Locator(".phone-call[data-state='connected']")).ToBeVisibleAsync(DashboardPage.Visible);

        await answeredRow.ClickAsync();

        await Expect(dashboard.Timeline).ToBeVisibleAsync(DashboardPage.Visible);
        var lane = dashboard.Timeline.Locator($".lane[data-device='{bobDevice}']");
        await Expect(lane).ToContainTextAsync("push sent", DashboardPage.Contains);
        await Expect(lane).ToContainTextAsync("APNs 200", DashboardPage.Contains);
        await Expect(lane).ToContainTextAsync(ClaimedAfter(), DashboardPage.Contains);
        await Expect(lane).ToContainTextAsync("answered", DashboardPage.Contains);
        await Expect(dashboard.Timeline.Locator(".lane[data-lane='call']")).ToContainTextAsync("answered", DashboardPage.Contains);
        await Expect(dashboard.Timeline.Locator(".timeline-summary")).ToContainTextAsync("answered", DashboardPage.Contains);

        var shot = await dashboard.ScreenshotAsync("dashboard-call.png");
        output.WriteLine($"screenshot: {shot}");
        output.WriteLine($"screenshot: {ringingShot}");
        Assert.True(new FileInfo(shot).Length > 10_000, "The screenshot is suspiciously small.");
        Assert.Empty(dashboard.Problems);
    }

    [Fact]
    public async Task Lab_DeclineTerminateAndDelete_ShowOnTheCardsAndInTheLists()
    {
        await using var server = await DashboardServer.StartAsync();
        var dashboard = await OpenAsync(server);
        await dashboard.SignInAndWaitAsync();
        var carol = await dashboard.AddIPhoneAsync("carol", "Carol's iPhone", appRunning: true);
        var dave = await dashboard.AddIPhoneAsync("dave", "Dave's iPhone");
        var daveDevice = await dave.GetAttributeAsync("data-phone");
        await Expect(carol).ToContainTextAsync("app running", DashboardPage.Contains);

        await dashboard.CallAsync(dave, "carol");
        var ringing = carol.Locator(".phone-call[data-state='ringing']");
        await Expect(ringing).ToBeVisibleAsync(DashboardPage.Visible);
        await ringing.GetByRole(AriaRole.Button, new() { Name = "Decline" }).ClickAsync();

        await Expect(carol.Locator(".phone-call[data-state='ended']")).ToBeVisibleAsync(DashboardPage.Visible);
        await Expect(dave.Locator(".phone-call[data-state='ended']")).ToBeVisibleAsync(DashboardPage.Visible);
        await Expect(carol).Not.ToHaveClassAsync(new Regex(@"\bringing\b"), new() { Timeout = DashboardPage.WaitMs });
        await Expect(dashboard.Page.Locator("#calls-empty")).ToBeVisibleAsync(DashboardPage.Visible);
        await dashboard.Page.Locator("#call-filter").SelectOptionAsync("ended");
        await Expect(dashboard.CallRow("declined")).ToContainTextAsync("dave → carol", DashboardPage.Contains);

        // The phone's own timeline, on demand.
        await carol.GetByRole(AriaRole.Button, new() { Name = "Phone timeline" }).ClickAsync();
        await Expect(carol.Locator(".phone-timeline li").First).ToBeVisibleAsync(DashboardPage.Visible);

        await carol.GetByRole(AriaRole.Button, new() { Name = "Terminate app" }).ClickAsync();
        await Expect(carol).ToContainTextAsync("app not running", DashboardPage.Contains);
        await Expect(carol).ToContainTextAsync("not connected", DashboardPage.Contains);

        await Expect(dashboard.DeviceRow("dave", daveDevice!)).ToBeVisibleAsync(DashboardPage.Visible);
        await dave.GetByRole(AriaRole.Button, new() { Name = "Delete" }).ClickAsync();
        await Expect(dashboard.Phone("dave")).ToHaveCountAsync(0, new() { Timeout = DashboardPage.WaitMs });
        await Expect(dashboard.DeviceRow("dave", daveDevice!)).ToHaveCountAsync(0, new() { Timeout = DashboardPage.WaitMs });
        Assert.Empty(dashboard.Problems);
    }

    [Fact]
    public async Task Devices_APhoneThatNeverClaimsItsPushes_IsMarkedAtRisk()
    {
        await using var server = await DashboardServer.StartAsync();
        // Carol's iPhone is registered but its app never claims a call: each push to it goes unanswered.
        await server.RegisterIPhoneAsync("carol", "c-phone", "Carol's iPhone");
        for (var i = 0; i < 3; i++)
        {
            await server.PlaceCallAsync("dave", "carol");
        }

        var dashboard = await OpenAsync(server);
        await dashboard.SignInAndWaitAsync();

        var row = dashboard.DeviceRow("carol", "c-phone");
        await Expect(row).ToHaveClassAsync(new Regex(@"\bat-risk\b"), new() { Timeout = DashboardPage.WaitMs });
        await Expect(row.Locator(".badge")).ToHaveTextAsync("at risk", new() { Timeout = DashboardPage.WaitMs });
        await Expect(row).ToContainTextAsync("3", DashboardPage.Contains);
        await Expect(dashboard.Page.Locator("#devices-summary")).ToContainTextAsync("1 at risk", DashboardPage.Contains);
        // The warning colour, not only a word.
        var background = await row.Locator("td").First.EvaluateAsync<string>("td => getComputedStyle(td).backgroundColor");
        Assert.Equal("rgb(254, 243, 199)", background);
    }

    [Fact]
    public async Task Lab_WithAnAppleKeyConfigured_IsHidden()
    {
        await using var server = await DashboardServer.StartAsync(appleKey: true);
        var dashboard = await OpenAsync(server);

        await dashboard.SignInAndWaitAsync();

        await Expect(dashboard.Page.Locator("body[data-lab='off']")).ToHaveCountAsync(1, new() { Timeout = DashboardPage.WaitMs });
        await Expect(dashboard.Lab).ToBeHiddenAsync(new() { Timeout = DashboardPage.WaitMs });
        await Expect(dashboard.Page.Locator("#calls-panel")).ToBeVisibleAsync(DashboardPage.Visible);
    }

    /// <summary>"claimed after 213 ms", or "claimed after 1.25 s" for a slow wake-up.</summary>
    [GeneratedRegex(@"claimed after \d+(\.\d+)? (ms|s)\b")]
    private static partial Regex ClaimedAfter();
}
