namespace OrleansBackend.Runtime.Serialization;

/// <summary>Writes one value as field <paramref name="fieldId"/>; every generated and built-in codec has this shape.</summary>
public delegate void FieldWriter<in T>(ref ValueWriter writer, uint fieldId, T value);

/// <summary>Reads one value whose field header (with <paramref name="wireType"/>) was just read.</summary>
public delegate T FieldReader<out T>(ref ValueReader reader, WireType wireType);
