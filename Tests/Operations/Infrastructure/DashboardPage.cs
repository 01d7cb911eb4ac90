using System.Text.Json;

namespace OrleansBackend.Tests.Operations.Infrastructure;

/// <summary>Conditions and actions on the sign-in form and the Orleans Dashboard's pages, evaluated in the browser.</summary>
public static class DashboardPage
{
    /// <summary>The sign-in form is shown.</summary>
    public const string SignInForm = "document.querySelector('form input[name=token][type=password]') !== null";

    /// <summary>The form came back with its refusal.</summary>
    public const string SignInRefused = SignInForm + " && document.querySelector('[role=alert]')?.textContent.includes('not the operator token')";

    /// <summary>Types <paramref name="token"/> into the form and submits it.</summary>
    public static string SubmitToken(string token) =>
        $"document.querySelector('input[name=token]').value = {JsonSerializer.Serialize(token)}; document.querySelector('form').submit(); true";

    /// <summary>The silos page lists exactly <paramref name="names"/> (one host link each), each with the status label Active.</summary>
    public static string ActiveSilos(params string[] names) => $$"""
        (() => {
          const names = {{JsonSerializer.Serialize(names)}};
          const hosts = new Set([...document.querySelectorAll('a[href^="#/host/"]')].map(a => a.getAttribute('href')));
          const rows = [...document.querySelectorAll('tr')];
          return hosts.size === names.length
            && names.every(n => rows.some(r => [...r.querySelectorAll('td')].some(c => c.textContent.trim() === n)
              && r.querySelector('.label')?.textContent.trim() === 'Active'));
        })()
        """;

    /// <summary>The Silo Health table (rows of five cells or more) has a row for <paramref name="name"/> labelled <paramref name="status"/>.</summary>
    public static string SiloShown(string name, string status) => $$"""
        [...document.querySelectorAll('tr')].some(r => r.querySelectorAll('td').length >= 5
          && [...r.querySelectorAll('td')].some(c => c.textContent.trim() === {{JsonSerializer.Serialize(name)}})
          && r.querySelector('.label')?.textContent.trim() === {{JsonSerializer.Serialize(status)}})
        """;

    /// <summary>The Silo Health table shows exactly <paramref name="count"/> active silos.</summary>
    public static string ActiveCount(int count) => $$"""
        ([...document.querySelectorAll('tr')].filter(r => r.querySelectorAll('td').length >= 5
          && r.querySelector('.label')?.textContent.trim() === 'Active').length === {{count}})
        """;
}
