using Microsoft.Extensions.Options;

namespace OrleansBackend.Runtime.Hosting;

/// <summary>Checks <see cref="MessagingOptions"/> at start-up.</summary>
internal sealed class MessagingOptionsValidator : IValidateOptions<MessagingOptions>
{
    public ValidateOptionsResult Validate(string? name, MessagingOptions options) =>
        options.ResponseTimeout <= TimeSpan.Zero || options.ResponseTimeout > TimeSpan.FromDays(1)
            ? ValidateOptionsResult.Fail($"{MessagingOptions.SectionName}:ResponseTimeout must be more than zero and at most one day (was {options.ResponseTimeout}).")
            : ValidateOptionsResult.Success;
}
