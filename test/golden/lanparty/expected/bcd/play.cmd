@echo off
rem bootgen: BCD entry 'play'. Run as administrator on the Windows
rem whose boot manager should offer this VHD. Edit the site, not this file.
setlocal EnableExtensions DisableDelayedExpansion
set "GUID="
for /f "tokens=2 delims={}" %%G in ('bcdedit /copy {default} /d "bootgen new entry"') do set "GUID={%%G}"
if not defined GUID (
  echo bcdedit /copy {default} failed: run this script as administrator.
  exit /b 1
)
bcdedit /set %GUID% device "vhd=[locate]\images\master.vhd" || exit /b 1
bcdedit /set %GUID% osdevice "vhd=[locate]\images\master.vhd" || exit /b 1
bcdedit /set %GUID% systemroot "\Windows" || exit /b 1
bcdedit /set %GUID% locale "en-US" || exit /b 1
bcdedit /set %GUID% description "Windows (LAN play)" || exit /b 1
bcdedit /default %GUID% || exit /b 1
bcdedit /timeout 5 || exit /b 1
rem session: immutable: the VHD named above is a differencing child; reset it from its parent
rem before each boot (bootgen image create --parent) so the session starts clean.
echo Added BCD entry %GUID% for 'play'.
