//! Local emulator of Huawei Cloud APIs (being built).
