using OrleansBackend.Grains.Interfaces.Identity;

namespace OrleansBackend.Api.Requests;

/// <summary>
/// A practical e-mail syntax check (the dot-atom form of RFC 5322, ASCII): local part of 1–64 characters,
/// a domain of at least two labels of letters, digits and hyphens, an alphabetic top-level label.
/// </summary>
public static class EmailSyntax
{
    private const string LocalSpecials = "!#$%&'*+-/=?^_`{|}~.";

    /// <summary>True when <paramref name="email"/> (already trimmed) is a usable address.</summary>
    public static bool IsValid(string email)
    {
        if (email.Length > EmailAddresses.MaxLength)
        {
            return false;
        }

        var at = email.LastIndexOf('@');
        if (at <= 0 || at > 64 || at == email.Length - 1)
        {
            return false;
        }

        var local = email.AsSpan(0, at);
        if (local[0] == '.' || local[^1] == '.' || local.IndexOf("..") >= 0)
        {
            return false;
        }

        foreach (var c in local)
        {
            if (!(char.IsAsciiLetterOrDigit(c) || LocalSpecials.Contains(c)))
            {
                return false;
            }
        }

        var labels = email[(at + 1)..].Split('.');
        if (labels.Length < 2)
        {
            return false;
        }

        foreach (var label in labels)
        {
            if (label.Length is 0 or > 63 || label[0] == '-' || label[^1] == '-' || !label.All(c => char.IsAsciiLetterOrDigit(c) || c == '-'))
            {
                return false;
            }
        }

        var top = labels[^1];
        return top.Length >= 2 && top.All(char.IsAsciiLetter);
    }
}
