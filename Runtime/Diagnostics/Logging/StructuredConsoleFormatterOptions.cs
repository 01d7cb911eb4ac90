using Microsoft.Extensions.Logging.Console;

namespace OrleansBackend.Runtime.Diagnostics.Logging;

/// <summary>Options of the <c>structured</c> console formatter (section <c>Logging:Console:FormatterOptions</c>).</summary>
public sealed class StructuredConsoleFormatterOptions : ConsoleFormatterOptions
{
    /// <summary>The name of this process in every line (<c>silo</c>): the silo name, or host and process id.</summary>
    public string? Silo { get; set; }
}
