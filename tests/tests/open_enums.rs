//! Open enums: a value the SDK does not know decodes as `Unknown` and encodes back unchanged, so a new server
//! value never breaks decoding. (`BssParamChargingMode` exists because spec/kafka.yaml lists `prePaid` and
//! `postPaid` for `BssParam.charging_mode`.)

use huaweicloud_kafka::types::BssParamChargingMode;

#[test]
fn known_values_decode_to_their_variant_and_encode_back() {
    let mode: BssParamChargingMode = serde_json::from_str("\"prePaid\"").unwrap();
    assert_eq!(mode, BssParamChargingMode::PrePaid);
    assert_eq!(serde_json::to_string(&mode).unwrap(), "\"prePaid\"");
    assert_eq!(mode.as_str(), "prePaid");
}

#[test]
fn unknown_values_round_trip_unchanged() {
    let mode: BssParamChargingMode = serde_json::from_str("\"spotPaid\"").unwrap();
    assert_eq!(mode, BssParamChargingMode::Unknown("spotPaid".into()));
    assert_eq!(serde_json::to_string(&mode).unwrap(), "\"spotPaid\"");
    assert_eq!(mode.to_string(), "spotPaid");
}

#[test]
fn non_strings_are_still_an_error() {
    assert!(serde_json::from_str::<BssParamChargingMode>("3").is_err());
}
