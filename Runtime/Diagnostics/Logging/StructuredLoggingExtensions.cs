using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Console;

namespace OrleansBackend.Runtime.Diagnostics.Logging;

/// <summary>Registers the <c>structured</c> console formatter: one JSON line per event.</summary>
public static class StructuredLoggingExtensions
{
    /// <summary>The formatter's name, for <c>Logging:Console:FormatterName</c>.</summary>
    public const string FormatterName = StructuredConsoleFormatter.FormatterName;

    /// <summary>
    /// Makes the <c>structured</c> formatter available to the console logger and names this process in its lines
    /// (<c>Silo:SiloName</c>, or host and process id). Choose it with <c>Logging:Console:FormatterName</c>.
    /// </summary>
    public static ILoggingBuilder AddStructuredConsole(this ILoggingBuilder logging, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(logging);
        ArgumentNullException.ThrowIfNull(configuration);
        logging.AddConsole();
        logging.AddConsoleFormatter<StructuredConsoleFormatter, StructuredConsoleFormatterOptions>();
        var silo = configuration["Silo:SiloName"] is { Length: > 0 } name ? name : $"{Environment.MachineName}-{Environment.ProcessId}";
        logging.Services.Configure<StructuredConsoleFormatterOptions>(options => options.Silo ??= silo);
        return logging;
    }
}
