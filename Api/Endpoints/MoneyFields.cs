using OrleansBackend.Api.Requests;
using OrleansBackend.Grains.Interfaces.Money;

namespace OrleansBackend.Api.Endpoints;

/// <summary>Fields shared by the money requests.</summary>
public static class MoneyFields
{
    /// <summary>The optional <c>reference</c>: at most 140 printable characters; empty means none.</summary>
    public static string? Reference(JsonFields fields)
    {
        var reference = fields.String("reference", required: false);
        if (reference is { Length: 0 })
        {
            return null;
        }

        if (reference is not null && (!TextRules.IsPrintable(reference) || TextRules.Length(reference) > MoneyLimits.MaxReferenceLength))
        {
            fields.AddError("reference", $"Must be at most {MoneyLimits.MaxReferenceLength} printable characters.");
            return null;
        }

        return reference;
    }
}
