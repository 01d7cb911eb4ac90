using System.Globalization;
using System.Text.RegularExpressions;
using Xunit.Abstractions;

namespace OrleansBackend.Tests.Operations.Infrastructure;

/// <summary>Screenshots of the dashboard: kept for people to look at, and checked for what the charts drew.</summary>
public static partial class DashboardScreenshot
{
    /// <summary>
    /// Takes a screenshot into <c>screenshots/</c> next to the test binaries and checks that it is not blank and that
    /// every active silo's colour covers more than <paramref name="minimumPixels"/> pixels (its two swatches are 200;
    /// its chart lines add the rest).
    /// </summary>
    public static async Task AssertShowsSilosAsync(HeadlessChromium browser, ITestOutputHelper output, string fileName, int minimumPixels)
    {
        var png = await browser.ScreenshotAsync();
        var directory = Directory.CreateDirectory(Path.Combine(AppContext.BaseDirectory, "screenshots"));
        var file = Path.Combine(directory.FullName, fileName);
        await File.WriteAllBytesAsync(file, png);
        output.WriteLine($"Screenshot: {file}");

        var image = PngImage.Decode(png);
        Assert.True(image.Width >= 1000 && image.Height >= 800, $"screenshot is {image.Width}×{image.Height}");
        Assert.True(image.DistinctColours() > 200, "the screenshot is not a blank page");
        var colours = (await browser.EvaluateAsync(DashboardScript.ActiveSiloColours)).EnumerateArray().Select(c => c.GetString()!).ToList();
        Assert.NotEmpty(colours);
        foreach (var colour in colours)
        {
            var rgb = RgbPattern().Match(colour);
            Assert.True(rgb.Success, colour);
            var pixels = image.Count(Parse(rgb, 1), Parse(rgb, 2), Parse(rgb, 3), tolerance: 6);
            Assert.True(pixels > minimumPixels, $"the charts show the silo drawn in {colour} ({pixels} pixels of it, wanted more than {minimumPixels})");
        }
    }

    private static byte Parse(Match match, int group) => byte.Parse(match.Groups[group].Value, CultureInfo.InvariantCulture);

    [GeneratedRegex(@"rgb\((\d+), (\d+), (\d+)\)")]
    private static partial Regex RgbPattern();
}
