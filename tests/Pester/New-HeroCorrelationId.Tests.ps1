#Requires -Modules Pester
# New-HeroCorrelationId: ids that tie the runs of a workflow together in the logs and in the
# children's TRACEPARENT.

BeforeAll {
    . (Join-Path $PSScriptRoot 'Common.ps1')
}

Describe 'New-HeroCorrelationId' {
    It 'returns a W3C trace id (32 lowercase hex digits, not all zero), a new one on every call' {
        $ids = @(1..20 | ForEach-Object { New-HeroCorrelationId })
        foreach ($id in $ids) {
            $id | Should -Match '^[0-9a-f]{32}$'
            $id | Should -Not -Be ('0' * 32)
        }
        @($ids | Sort-Object -Unique).Count | Should -Be 20
    }

    It 'is taken by Invoke-HeroTask -CorrelationId and reaches the child as its trace id' {
        $id = New-HeroCorrelationId
        $result = Invoke-HeroTask -CorrelationId $id -Quiet -- $Kit env TRACEPARENT
        $result.CorrelationId | Should -Be $id
        $result.StdOut.Trim() | Should -Match "^TRACEPARENT=00-$id-[0-9a-f]{16}-01$"
    }
}
