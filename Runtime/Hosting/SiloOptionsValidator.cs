using System.Text.RegularExpressions;
using Microsoft.Extensions.Options;

namespace OrleansBackend.Runtime.Hosting;

/// <summary>Checks <see cref="SiloOptions"/> at start-up and names the offending key.</summary>
internal sealed partial class SiloOptionsValidator : IValidateOptions<SiloOptions>
{
    public ValidateOptionsResult Validate(string? name, SiloOptions options)
    {
        var errors = new List<string>();
        CheckId(errors, "ClusterId", options.ClusterId);
        CheckId(errors, "ServiceId", options.ServiceId);
        if (string.IsNullOrWhiteSpace(options.SiloName))
        {
            errors.Add($"{SiloOptions.SectionName}:SiloName must not be empty.");
        }

        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }

    private static void CheckId(List<string> errors, string key, string? value)
    {
        if (string.IsNullOrEmpty(value) || !IdPattern().IsMatch(value))
        {
            errors.Add($"{SiloOptions.SectionName}:{key} must be 1–64 letters, digits, '-', '_' or '.' (was '{value}').");
        }
    }

    [GeneratedRegex("^[A-Za-z0-9_.-]{1,64}$")]
    private static partial Regex IdPattern();
}
