namespace OrleansBackend.Tests.Operations.Infrastructure;

/// <summary>Prometheus' own checker (Debian package <c>prometheus</c>, which scripts/test.sh installs).</summary>
public static class Promtool
{
    /// <summary>promtool's exit code when the exposition parses but breaks lint rules.</summary>
    private const int LintProblems = 3;

    private static string Path => ExternalTool.Require("promtool", "install the Debian package 'prometheus' (scripts/test.sh does: apt-get install prometheus).");

    /// <summary>
    /// Asserts that <c>promtool check metrics</c> parses the exposition. Lint findings are allowed here: Orleans' and the
    /// runtime's own families break lint rules (no help text, milliseconds, a <c>_count</c> gauge) and keep the names
    /// they are emitted with.
    /// </summary>
    public static async Task AssertParsesAsync(string exposition, string what)
    {
        var (exitCode, output) = await ExternalTool.RunAsync(Path, ["check", "metrics"], input: exposition);
        Assert.True(exitCode is 0 or LintProblems && !output.Contains("parsing error", StringComparison.Ordinal), $"promtool could not parse the exposition of {what} (exit {exitCode}):\n{output}");
    }

    /// <summary>Asserts that <c>promtool check metrics</c> accepts the exposition with no lint finding at all.</summary>
    public static async Task AssertLintCleanAsync(string exposition, string what)
    {
        var (exitCode, output) = await ExternalTool.RunAsync(Path, ["check", "metrics"], input: exposition);
        Assert.True(exitCode == 0, $"promtool check metrics finds problems in {what} (exit {exitCode}):\n{output}");
    }

    /// <summary>Runs promtool with <paramref name="arguments"/>.</summary>
    public static Task<(int ExitCode, string Output)> RunAsync(params string[] arguments) => ExternalTool.RunAsync(Path, arguments);
}
