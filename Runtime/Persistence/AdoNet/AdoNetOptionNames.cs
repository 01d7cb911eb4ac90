namespace OrleansBackend.Runtime.Persistence.AdoNet;

/// <summary>Names of the named options instances the ADO.NET providers register.</summary>
internal static class AdoNetOptionNames
{
    /// <summary>The options of the reminder table's database (grain storage options are named after the storage).</summary>
    public const string Reminders = "__reminders";
}
