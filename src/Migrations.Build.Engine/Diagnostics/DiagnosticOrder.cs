namespace Migrations.Build.Engine.Diagnostics;

/// <summary>The order diagnostics are reported in: by file, then position, then code, so output is stable run to run.</summary>
public static class DiagnosticOrder
{
    public static int Compare(Diagnostic? left, Diagnostic? right)
    {
        if (left is null || right is null)
        {
            return left is null ? (right is null ? 0 : -1) : 1;
        }

        var byFile = string.CompareOrdinal(left.Location.FilePath, right.Location.FilePath);
        if (byFile != 0)
        {
            return byFile;
        }

        var byLine = left.Location.Line.CompareTo(right.Location.Line);
        if (byLine != 0)
        {
            return byLine;
        }

        var byColumn = left.Location.Column.CompareTo(right.Location.Column);
        return byColumn != 0 ? byColumn : string.CompareOrdinal(left.Code, right.Code);
    }
}
