namespace OrleansBackend.Tests.Operations.Infrastructure;

/// <summary>Prometheus' own checker (Debian package <c>prometheus</c>, which scripts/test.sh installs).</summary>
public static class Promtool
{
    private static string Path => ExternalTool.Require("promtool", "install the Debian package 'prometheus' (scripts/test.sh does: apt-get install prometheus).");

    /// <summary>Asserts that <c>promtool check metrics</c> accepts the exposition, lint rules included.</summary>
    public static async Task AssertValidMetricsAsync(string exposition, string what)
    {
        var (exitCode, output) = await ExternalTool.RunAsync(Path, ["check", "metrics"], input: exposition);
        Assert.True(exitCode == 0, $"promtool check metrics rejected the exposition of {what} (exit {exitCode}):\n{output}");
    }

    /// <summary>Runs <c>promtool check config</c> on a Prometheus configuration file.</summary>
    public static Task<(int ExitCode, string Output)> CheckConfigAsync(string file) =>
        ExternalTool.RunAsync(Path, ["check", "config", "--syntax-only", file]);
}
