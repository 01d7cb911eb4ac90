namespace OrleansBackend.Api.Requests;

/// <summary>Checks on free text that clients send (names, references, passwords).</summary>
public static class TextRules
{
    /// <summary>True when <paramref name="text"/> is well-formed UTF-16 (no lone surrogates).</summary>
    public static bool IsWellFormed(string text)
    {
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (char.IsHighSurrogate(c))
            {
                if (i + 1 >= text.Length || !char.IsLowSurrogate(text[i + 1]))
                {
                    return false;
                }

                i++;
            }
            else if (char.IsLowSurrogate(c))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>True when <paramref name="text"/> is well-formed and has no control characters.</summary>
    public static bool IsPrintable(string text) => IsWellFormed(text) && !text.Any(char.IsControl);

    /// <summary>Length in Unicode code points (what a person counts as characters, near enough).</summary>
    public static int Length(string text)
    {
        var count = 0;
        foreach (var _ in text.EnumerateRunes())
        {
            count++;
        }

        return count;
    }
}
